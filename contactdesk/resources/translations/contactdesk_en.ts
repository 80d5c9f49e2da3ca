<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>Codes</name>
        <message>
            <source>Standard</source>
            <translation>Standard</translation>
        </message>
        <message>
            <source>Silver</source>
            <translation>Silver</translation>
        </message>
        <message>
            <source>Gold</source>
            <translation>Gold</translation>
        </message>
        <message>
            <source>Platinum</source>
            <translation>Platinum</translation>
        </message>
        <message>
            <source>Diamond</source>
            <translation>Diamond</translation>
        </message>
        <message>
            <source>Black</source>
            <translation>Black</translation>
        </message>
        <message>
            <source>Private banking</source>
            <translation>Private banking</translation>
        </message>
        <message>
            <source>Affluent</source>
            <translation>Affluent</translation>
        </message>
        <message>
            <source>Prospect</source>
            <translation>Prospect</translation>
        </message>
        <message>
            <source>New</source>
            <translation>New</translation>
        </message>
        <message>
            <source>Onboarding</source>
            <translation>Onboarding</translation>
        </message>
        <message>
            <source>Growing</source>
            <translation>Growing</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Mature</source>
            <translation>Mature</translation>
        </message>
        <message>
            <source>Loyal</source>
            <translation>Loyal</translation>
        </message>
        <message>
            <source>Declining</source>
            <translation>Declining</translation>
        </message>
        <message>
            <source>At risk</source>
            <translation>At risk</translation>
        </message>
        <message>
            <source>Dormant</source>
            <translation>Dormant</translation>
        </message>
        <message>
            <source>Churn risk</source>
            <translation>Churn risk</translation>
        </message>
        <message>
            <source>Churned</source>
            <translation>Churned</translation>
        </message>
        <message>
            <source>Lost</source>
            <translation>Lost</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Mass retail</source>
            <translation>Mass retail</translation>
        </message>
        <message>
            <source>Mass affluent</source>
            <translation>Mass affluent</translation>
        </message>
        <message>
            <source>High net worth</source>
            <translation>High net worth</translation>
        </message>
        <message>
            <source>Ultra high net worth</source>
            <translation>Ultra high net worth</translation>
        </message>
        <message>
            <source>Young professional</source>
            <translation>Young professional</translation>
        </message>
        <message>
            <source>Youth</source>
            <translation>Youth</translation>
        </message>
        <message>
            <source>Senior</source>
            <translation>Senior</translation>
        </message>
        <message>
            <source>Retiree</source>
            <translation>Retiree</translation>
        </message>
        <message>
            <source>Payroll</source>
            <translation>Payroll</translation>
        </message>
        <message>
            <source>Business owner</source>
            <translation>Business owner</translation>
        </message>
        <message>
            <source>Student</source>
            <translation>Student</translation>
        </message>
        <message>
            <source>Inbound call</source>
            <translation>Inbound call</translation>
        </message>
        <message>
            <source>Outbound call</source>
            <translation>Outbound call</translation>
        </message>
        <message>
            <source>SMS</source>
            <translation>SMS</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>WeChat</source>
            <translation>WeChat</translation>
        </message>
        <message>
            <source>Branch visit</source>
            <translation>Branch visit</translation>
        </message>
        <message>
            <source>Customer visit</source>
            <translation>Customer visit</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>Event</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Mobile app</source>
            <translation>Mobile app</translation>
        </message>
        <message>
            <source>Post</source>
            <translation>Post</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>Branch</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>—</source>
            <translation>—</translation>
        </message>
        <message>
            <source>Current account</source>
            <translation>Current account</translation>
        </message>
        <message>
            <source>Term deposit</source>
            <translation>Term deposit</translation>
        </message>
        <message>
            <source>Wealth management</source>
            <translation>Wealth management</translation>
        </message>
        <message>
            <source>Fund</source>
            <translation>Fund</translation>
        </message>
        <message>
            <source>Insurance</source>
            <translation>Insurance</translation>
        </message>
        <message>
            <source>Loan</source>
            <translation>Loan</translation>
        </message>
        <message>
            <source>Credit card</source>
            <translation>Credit card</translation>
        </message>
        <message>
            <source>Debit card</source>
            <translation>Debit card</translation>
        </message>
        <message>
            <source>Matured</source>
            <translation>Matured</translation>
        </message>
        <message>
            <source>Frozen</source>
            <translation>Frozen</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Redeemed</source>
            <translation>Redeemed</translation>
        </message>
        <message>
            <source>Pending</source>
            <translation>Pending</translation>
        </message>
        <message>
            <source>Reported lost</source>
            <translation>Reported lost</translation>
        </message>
        <message>
            <source>Complaint</source>
            <translation>Complaint</translation>
        </message>
        <message>
            <source>Service request</source>
            <translation>Service request</translation>
        </message>
        <message>
            <source>Inquiry</source>
            <translation>Inquiry</translation>
        </message>
        <message>
            <source>Suggestion</source>
            <translation>Suggestion</translation>
        </message>
        <message>
            <source>Praise</source>
            <translation>Praise</translation>
        </message>
        <message>
            <source>Acknowledged</source>
            <translation>Acknowledged</translation>
        </message>
        <message>
            <source>In progress</source>
            <translation>In progress</translation>
        </message>
        <message>
            <source>Waiting for customer</source>
            <translation>Waiting for customer</translation>
        </message>
        <message>
            <source>Waiting internally</source>
            <translation>Waiting internally</translation>
        </message>
        <message>
            <source>Decided</source>
            <translation>Decided</translation>
        </message>
        <message>
            <source>Reopened</source>
            <translation>Reopened</translation>
        </message>
        <message>
            <source>Merged</source>
            <translation>Merged</translation>
        </message>
        <message>
            <source>Low</source>
            <translation>Low</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>Normal</translation>
        </message>
        <message>
            <source>Medium</source>
            <translation>Medium</translation>
        </message>
        <message>
            <source>High</source>
            <translation>High</translation>
        </message>
        <message>
            <source>Urgent</source>
            <translation>Urgent</translation>
        </message>
        <message>
            <source>Critical</source>
            <translation>Critical</translation>
        </message>
        <message>
            <source>Major</source>
            <translation>Major</translation>
        </message>
        <message>
            <source>Minor</source>
            <translation>Minor</translation>
        </message>
        <message>
            <source>Deposit maturity</source>
            <translation>Deposit maturity</translation>
        </message>
        <message>
            <source>Birthday</source>
            <translation>Birthday</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>Call back</source>
            <translation>Call back</translation>
        </message>
        <message>
            <source>Memo</source>
            <translation>Memo</translation>
        </message>
        <message>
            <source>ID document expiry</source>
            <translation>ID document expiry</translation>
        </message>
        <message>
            <source>Call-center agent</source>
            <translation>Call-center agent</translation>
        </message>
        <message>
            <source>Lobby manager</source>
            <translation>Lobby manager</translation>
        </message>
        <message>
            <source>Customer manager</source>
            <translation>Customer manager</translation>
        </message>
        <message>
            <source>Supervisor</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>Administrator</translation>
        </message>
        <message>
            <source>Male</source>
            <translation>Male</translation>
        </message>
        <message>
            <source>Female</source>
            <translation>Female</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <source>Resident ID</source>
            <translation>Resident ID</translation>
        </message>
        <message>
            <source>Passport</source>
            <translation>Passport</translation>
        </message>
        <message>
            <source>HK/Macau permit</source>
            <translation>HK/Macau permit</translation>
        </message>
        <message>
            <source>Taiwan permit</source>
            <translation>Taiwan permit</translation>
        </message>
        <message>
            <source>Foreigner residence permit</source>
            <translation>Foreigner residence permit</translation>
        </message>
        <message>
            <source>Marketing</source>
            <translation>Marketing</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Notices</source>
            <translation>Notices</translation>
        </message>
        <message>
            <source>Surveys</source>
            <translation>Surveys</translation>
        </message>
        <message>
            <source>R1 Conservative</source>
            <translation>R1 Conservative</translation>
        </message>
        <message>
            <source>R2 Cautious</source>
            <translation>R2 Cautious</translation>
        </message>
        <message>
            <source>R3 Balanced</source>
            <translation>R3 Balanced</translation>
        </message>
        <message>
            <source>R4 Growth</source>
            <translation>R4 Growth</translation>
        </message>
        <message>
            <source>R5 Aggressive</source>
            <translation>R5 Aggressive</translation>
        </message>
        <message>
            <source>C1 Conservative</source>
            <translation>C1 Conservative</translation>
        </message>
        <message>
            <source>C2 Cautious</source>
            <translation>C2 Cautious</translation>
        </message>
        <message>
            <source>C3 Balanced</source>
            <translation>C3 Balanced</translation>
        </message>
        <message>
            <source>C4 Growth</source>
            <translation>C4 Growth</translation>
        </message>
        <message>
            <source>C5 Aggressive</source>
            <translation>C5 Aggressive</translation>
        </message>
        <message>
            <source>Vulnerable customer</source>
            <translation>Vulnerable customer</translation>
        </message>
        <message>
            <source>Elderly customer</source>
            <translation>Elderly customer</translation>
        </message>
        <message>
            <source>Fraud risk</source>
            <translation>Fraud risk</translation>
        </message>
        <message>
            <source>Fraud watch</source>
            <translation>Fraud watch</translation>
        </message>
        <message>
            <source>Fraud victim</source>
            <translation>Fraud victim</translation>
        </message>
        <message>
            <source>AML watch</source>
            <translation>AML watch</translation>
        </message>
        <message>
            <source>Complaint risk</source>
            <translation>Complaint risk</translation>
        </message>
        <message>
            <source>Frequent complaints</source>
            <translation>Frequent complaints</translation>
        </message>
        <message>
            <source>Escalation risk</source>
            <translation>Escalation risk</translation>
        </message>
        <message>
            <source>Do not call</source>
            <translation>Do not call</translation>
        </message>
        <message>
            <source>Deceased</source>
            <translation>Deceased</translation>
        </message>
        <message>
            <source>Account frozen</source>
            <translation>Account frozen</translation>
        </message>
        <message>
            <source>KYC expired</source>
            <translation>KYC expired</translation>
        </message>
        <message>
            <source>ID document expired</source>
            <translation>ID document expired</translation>
        </message>
        <message>
            <source>ID document expiring</source>
            <translation>ID document expiring</translation>
        </message>
        <message>
            <source>Overdue loan</source>
            <translation>Overdue loan</translation>
        </message>
        <message>
            <source>Hearing impaired</source>
            <translation>Hearing impaired</translation>
        </message>
        <message>
            <source>Politically exposed person</source>
            <translation>Politically exposed person</translation>
        </message>
        <message>
            <source>VIP attention</source>
            <translation>VIP attention</translation>
        </message>
        <message>
            <source>Media sensitive</source>
            <translation>Media sensitive</translation>
        </message>
        <message>
            <source>Balance inquiry</source>
            <translation>Balance inquiry</translation>
        </message>
        <message>
            <source>Product inquiry</source>
            <translation>Product inquiry</translation>
        </message>
        <message>
            <source>Rates and fees</source>
            <translation>Rates and fees</translation>
        </message>
        <message>
            <source>Card loss / replacement</source>
            <translation>Card loss / replacement</translation>
        </message>
        <message>
            <source>Password reset</source>
            <translation>Password reset</translation>
        </message>
        <message>
            <source>Update of details</source>
            <translation>Update of details</translation>
        </message>
        <message>
            <source>Transfer issue</source>
            <translation>Transfer issue</translation>
        </message>
        <message>
            <source>Fee dispute</source>
            <translation>Fee dispute</translation>
        </message>
        <message>
            <source>Service quality</source>
            <translation>Service quality</translation>
        </message>
        <message>
            <source>Transaction dispute</source>
            <translation>Transaction dispute</translation>
        </message>
        <message>
            <source>Sales</source>
            <translation>Sales</translation>
        </message>
        <message>
            <source>Interested</source>
            <translation>Interested</translation>
        </message>
        <message>
            <source>Declined</source>
            <translation>Declined</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>No answer</source>
            <translation>No answer</translation>
        </message>
        <message>
            <source>Waiting time</source>
            <translation>Waiting time</translation>
        </message>
        <message>
            <source>Mis-selling of wealth product</source>
            <translation>Mis-selling of wealth product</translation>
        </message>
        <message>
            <source>Debt collection</source>
            <translation>Debt collection</translation>
        </message>
        <message>
            <source>Mobile banking problem</source>
            <translation>Mobile banking problem</translation>
        </message>
        <message>
            <source>Card service</source>
            <translation>Card service</translation>
        </message>
        <message>
            <source>Card replacement</source>
            <translation>Card replacement</translation>
        </message>
        <message>
            <source>Certificate / statement</source>
            <translation>Certificate / statement</translation>
        </message>
        <message>
            <source>Limit change</source>
            <translation>Limit change</translation>
        </message>
        <message>
            <source>Chinese</source>
            <translation>Chinese</translation>
        </message>
        <message>
            <source>English</source>
            <translation>English</translation>
        </message>
        <message>
            <source>Cantonese</source>
            <translation>Cantonese</translation>
        </message>
        <message>
            <source>phone number</source>
            <translation>phone number</translation>
        </message>
        <message>
            <source>name</source>
            <translation>name</translation>
        </message>
        <message>
            <source>pinyin</source>
            <translation>pinyin</translation>
        </message>
        <message>
            <source>end of ID number</source>
            <translation>end of ID number</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>CIF number</source>
            <translation>CIF number</translation>
        </message>
        <message>
            <source>account or card number</source>
            <translation>account or card number</translation>
        </message>
        <message>
            <source>e-mail address</source>
            <translation>e-mail address</translation>
        </message>
        <message>
            <source>The check digit of this ID number is wrong. Please check it.</source>
            <translation>The check digit of this ID number is wrong. Please check it.</translation>
        </message>
        <message>
            <source>This is not a valid phone number.</source>
            <translation>This is not a valid phone number.</translation>
        </message>
        <message>
            <source>Could not tell what this is. Try a phone number, a name or the last 4–6 characters of an ID.</source>
            <translation>Could not tell what this is. Try a phone number, a name or the last 4–6 characters of an ID.</translation>
        </message>
        <message>
            <source>New customer</source>
            <translation>New customer</translation>
        </message>
        <message>
            <source>In force</source>
            <translation>In force</translation>
        </message>
        <message>
            <source>Account closed</source>
            <translation>Account closed</translation>
        </message>
        <message>
            <source>From customer</source>
            <translation>From customer</translation>
        </message>
        <message>
            <source>From bank</source>
            <translation>From bank</translation>
        </message>
    </context>
    <context>
        <name>Columns</name>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>Product</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>Balance</translation>
        </message>
        <message>
            <source>Rate</source>
            <translation>Rate</translation>
        </message>
        <message>
            <source>Opened</source>
            <translation>Opened</translation>
        </message>
        <message>
            <source>Maturity</source>
            <translation>Maturity</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>Severity</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>Assignee</source>
            <translation>Assignee</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>Reminder</source>
            <translation>Reminder</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>Direction</source>
            <translation>Direction</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Subject</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>Staff</translation>
        </message>
    </context>
    <context>
        <name>Customer360</name>
        <message>
            <source>({days} d)</source>
            <translation>({days} d)</translation>
        </message>
        <message>
            <source>(overdue {days} d)</source>
            <translation>(overdue {days} d)</translation>
        </message>
        <message>
            <source>({days} d left)</source>
            <translation>({days} d left)</translation>
        </message>
        <message>
            <source>Done {date}</source>
            <translation>Done {date}</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Open</translation>
        </message>
    </context>
    <context>
        <name>Customer360View</name>
        <message>
            <source>Could not load more. Scroll to try again.</source>
            <translation>Could not load more. Scroll to try again.</translation>
        </message>
        <message>
            <source>No products</source>
            <translation>No products</translation>
        </message>
        <message>
            <source>This customer holds no accounts or products.</source>
            <translation>This customer holds no accounts or products.</translation>
        </message>
        <message>
            <source>No contacts yet</source>
            <translation>No contacts yet</translation>
        </message>
        <message>
            <source>Calls, messages and visits will appear here.</source>
            <translation>Calls, messages and visits will appear here.</translation>
        </message>
        <message>
            <source>No tickets</source>
            <translation>No tickets</translation>
        </message>
        <message>
            <source>This customer has no service requests or complaints.</source>
            <translation>This customer has no service requests or complaints.</translation>
        </message>
        <message>
            <source>No reminders</source>
            <translation>No reminders</translation>
        </message>
        <message>
            <source>Nothing to follow up for this customer.</source>
            <translation>Nothing to follow up for this customer.</translation>
        </message>
        <message>
            <source>Nothing here</source>
            <translation>Nothing here</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>Overview</translation>
        </message>
        <message>
            <source>Products</source>
            <translation>Products</translation>
        </message>
        <message>
            <source>Timeline</source>
            <translation>Timeline</translation>
        </message>
        <message>
            <source>Tickets</source>
            <translation>Tickets</translation>
        </message>
        <message>
            <source>Reminders</source>
            <translation>Reminders</translation>
        </message>
        <message>
            <source>No customer open</source>
            <translation>No customer open</translation>
        </message>
        <message>
            <source>Find a customer on the left, then press Enter or double-click to open the 360° view.</source>
            <translation>Find a customer on the left, then press Enter or double-click to open the 360° view.</translation>
        </message>
    </context>
    <context>
        <name>Desktop</name>
        <message>
            <source>Preparing the demo data ({count} customers). This takes a while the first time…</source>
            <translation>Preparing the demo data ({count} customers). This takes a while the first time…</translation>
        </message>
        <message>
            <source>Cannot open the database</source>
            <translation>Cannot open the database</translation>
        </message>
        <message>
            <source>No user to sign in</source>
            <translation>No user to sign in</translation>
        </message>
        <message>
            <source>{reason}. The database holds no matching user: run `contactdesk seed` to fill it with demo data, or try `contactdesk demo`.</source>
            <translation>{reason}. The database holds no matching user: run `contactdesk seed` to fill it with demo data, or try `contactdesk demo`.</translation>
        </message>
        <message>
            <source>ContactDesk could not start</source>
            <translation>ContactDesk could not start</translation>
        </message>
    </context>
    <context>
        <name>ExceptionHook</name>
        <message>
            <source>Unexpected error</source>
            <translation>Unexpected error</translation>
        </message>
        <message>
            <source>ContactDesk keeps running. The details were written to the log file; please tell the IT help desk.</source>
            <translation>ContactDesk keeps running. The details were written to the log file; please tell the IT help desk.</translation>
        </message>
        <message>
            <source>Something went wrong: {error}</source>
            <translation>Something went wrong: {error}</translation>
        </message>
        <message>
            <source>Log file: {path}</source>
            <translation>Log file: {path}</translation>
        </message>
    </context>
    <context>
        <name>HeaderCard</name>
        <message>
            <source>{age} yrs</source>
            <translation>{age} yrs</translation>
        </message>
        <message>
            <source>none</source>
            <translation>none</translation>
        </message>
        <message>
            <source>Profile {pct}% complete</source>
            <translation>Profile {pct}% complete</translation>
        </message>
        <message>
            <source>No alerts</source>
            <translation>No alerts</translation>
        </message>
        <message>
            <source>granted</source>
            <translation>granted</translation>
        </message>
        <message>
            <source>refused</source>
            <translation>refused</translation>
        </message>
        <message>
            <source>Marketing consent: {marks}</source>
            <translation>Marketing consent: {marks}</translation>
        </message>
        <message>
            <source>Consents</source>
            <translation>Consents</translation>
        </message>
        <message>
            <source>CIF</source>
            <translation>CIF</translation>
        </message>
        <message>
            <source>ID</source>
            <translation>ID</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Manager</translation>
        </message>
        <message>
            <source>Prefers</source>
            <translation>Prefers</translation>
        </message>
        <message>
            <source>Assets under management</source>
            <translation>Assets under management</translation>
        </message>
        <message>
            <source>Open complaints: {n}</source>
            <translation>Open complaints: {n}</translation>
        </message>
        <message>
            <source>Reminders due: {n}</source>
            <translation>Reminders due: {n}</translation>
        </message>
        <message>
            <source>Maturing within 30 days: {n} · {amount}</source>
            <translation>Maturing within 30 days: {n} · {amount}</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Value</translation>
        </message>
        <message>
            <source>Risk</source>
            <translation>Risk</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>Since</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>About ContactDesk</source>
            <translation>About ContactDesk</translation>
        </message>
        <message>
            <source>ContactDesk {version}
CRM and contact-center desktop for retail banking.</source>
            <translation>ContactDesk {version}
CRM and contact-center desktop for retail banking.</translation>
        </message>
        <message>
            <source>ContactDesk — {user} ({role})</source>
            <translation>ContactDesk — {user} ({role})</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <source>&amp;Find customer</source>
            <translation>&amp;Find customer</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Language</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>&amp;About ContactDesk</source>
            <translation>&amp;About ContactDesk</translation>
        </message>
        <message>
            <source>Database: {db}</source>
            <translation>Database: {db}</translation>
        </message>
        <message>
            <source>Signed in: {name} ({username}) · {role}</source>
            <translation>Signed in: {name} ({username}) · {role}</translation>
        </message>
        <message>
            <source>Connecting to the database…</source>
            <translation>Connecting to the database…</translation>
        </message>
    </context>
    <context>
        <name>OverviewTab</name>
        <message>
            <source>No active products</source>
            <translation>No active products</translation>
        </message>
        <message>
            <source>No contact on record</source>
            <translation>No contact on record</translation>
        </message>
        <message>
            <source>Last 12 months</source>
            <translation>Last 12 months</translation>
        </message>
        <message>
            <source>Nothing maturing in the next 90 days</source>
            <translation>Nothing maturing in the next 90 days</translation>
        </message>
        <message>
            <source>and {n} more</source>
            <translation>and {n} more</translation>
        </message>
        <message>
            <source>No open reminders</source>
            <translation>No open reminders</translation>
        </message>
        <message>
            <source>Average assets, last 12 months</source>
            <translation>Average assets, last 12 months</translation>
        </message>
        <message>
            <source>Products held</source>
            <translation>Products held</translation>
        </message>
        <message>
            <source>Last contact</source>
            <translation>Last contact</translation>
        </message>
        <message>
            <source>Maturing deposits</source>
            <translation>Maturing deposits</translation>
        </message>
        <message>
            <source>Upcoming reminders</source>
            <translation>Upcoming reminders</translation>
        </message>
        <message>
            <source>{product} · matures in {days} d</source>
            <translation>{product} · matures in {days} d</translation>
        </message>
    </context>
    <context>
        <name>SearchPanel</name>
        <message>
            <source>Searching…</source>
            <translation>Searching…</translation>
        </message>
        <message>
            <source>Some rows could not be loaded. Scroll to try again.</source>
            <translation>Some rows could not be loaded. Scroll to try again.</translation>
        </message>
        <message>
            <source>Examples: 13812345678 · 张伟 · zhangwei · zw · 1234 · CIF000000000123</source>
            <translation>Examples: 13812345678 · 张伟 · zhangwei · zw · 1234 · CIF000000000123</translation>
        </message>
        <message>
            <source>Searched by {kind}</source>
            <translation>Searched by {kind}</translation>
        </message>
        <message>
            <source>No matching customer</source>
            <translation>No matching customer</translation>
        </message>
        <message>
            <source>Check the input, or try another identifier such as the phone number or the last 4–6 characters of the ID.</source>
            <translation>Check the input, or try another identifier such as the phone number or the last 4–6 characters of the ID.</translation>
        </message>
        <message>
            <source>Input not recognised</source>
            <translation>Input not recognised</translation>
        </message>
        <message>
            <source>Cannot search for this input</source>
            <translation>Cannot search for this input</translation>
        </message>
        <message>
            <source>Check the input.</source>
            <translation>Check the input.</translation>
        </message>
        <message>
            <source>Search failed</source>
            <translation>Search failed</translation>
        </message>
        <message>
            <source>The search failed ({error}). Check the connection and try again.</source>
            <translation>The search failed ({error}). Check the connection and try again.</translation>
        </message>
        <message>
            <source>Searched by {kind} · first {count} customers</source>
            <translation>Searched by {kind} · first {count} customers</translation>
        </message>
        <message>
            <source>Too many results: only the first {count} are shown. Please type more.</source>
            <translation>Too many results: only the first {count} are shown. Please type more.</translation>
        </message>
        <message>
            <source>Searched by {kind} · {count} customers</source>
            <translation>Searched by {kind} · {count} customers</translation>
        </message>
        <message>
            <source>Find a customer</source>
            <translation>Find a customer</translation>
        </message>
        <message>
            <source>Phone / name / pinyin / ID last 4–6 / CIF / account or card no.</source>
            <translation>Phone / name / pinyin / ID last 4–6 / CIF / account or card no.</translation>
        </message>
        <message>
            <source>Enter opens a customer · ↓ moves into the results · Ctrl+F comes back here</source>
            <translation>Enter opens a customer · ↓ moves into the results · Ctrl+F comes back here</translation>
        </message>
        <message>
            <source>Type a phone number, name or other identifier to start</source>
            <translation>Type a phone number, name or other identifier to start</translation>
        </message>
        <message>
            <source>Accepted: phone, name, pinyin or initials, ID last 4–6, CIF, account or card number</source>
            <translation>Accepted: phone, name, pinyin or initials, ID last 4–6, CIF, account or card number</translation>
        </message>
    </context>
    <context>
        <name>SearchResultModel</name>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Tier</source>
            <translation>Tier</translation>
        </message>
        <message>
            <source>Lifecycle</source>
            <translation>Lifecycle</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>Branch</translation>
        </message>
        <message>
            <source>Customer manager</source>
            <translation>Customer manager</translation>
        </message>
    </context>
    <context>
        <name>StatePane</name>
        <message>
            <source>This customer no longer exists.</source>
            <translation>This customer no longer exists.</translation>
        </message>
        <message>
            <source>Could not load the data ({error}). Check the connection and try again.</source>
            <translation>Could not load the data ({error}). Check the connection and try again.</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Retry</translation>
        </message>
    </context>
    <context>
        <name>TimelinePanel</name>
        <message>
            <source>{count} loaded · loading more…</source>
            <translation>{count} loaded · loading more…</translation>
        </message>
        <message>
            <source>{count} contacts</source>
            <translation>{count} contacts</translation>
        </message>
        <message>
            <source>{count} loaded · scroll for more</source>
            <translation>{count} loaded · scroll for more</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>All channels</source>
            <translation>All channels</translation>
        </message>
    </context>
    <context>
        <name>TrendChart</name>
        <message>
            <source>No monthly figures yet</source>
            <translation>No monthly figures yet</translation>
        </message>
        <message>
            <source>Peak {peak} · latest {latest}</source>
            <translation>Peak {peak} · latest {latest}</translation>
        </message>
    </context>
    <context>
        <name>CallActions</name>
        <message>
            <source>Could not reach the database ({error}).</source>
            <translation>Could not reach the database ({error}).</translation>
        </message>
    </context>
    <context>
        <name>CallBar</name>
        <message>
            <source>Unknown caller</source>
            <translation>Unknown caller</translation>
        </message>
        <message>
            <source>Number withheld</source>
            <translation>Number withheld</translation>
        </message>
        <message>
            <source>{number} (several customers)</source>
            <translation>{number} (several customers)</translation>
        </message>
        <message>
            <source>{number} (unknown caller)</source>
            <translation>{number} (unknown caller)</translation>
        </message>
        <message>
            <source>Incoming: {vip}{who}</source>
            <translation>Incoming: {vip}{who}</translation>
        </message>
        <message>
            <source>A call rang unanswered. Choose Available to take calls again.</source>
            <translation>A call rang unanswered. Choose Available to take calls again.</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>Resume</translation>
        </message>
        <message>
            <source>Hold</source>
            <translation>Hold</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>Connecting…</translation>
        </message>
        <message>
            <source>Accept</source>
            <translation>Accept</translation>
        </message>
        <message>
            <source>Your state; click to change it</source>
            <translation>Your state; click to change it</translation>
        </message>
        <message>
            <source>rings {time}</source>
            <translation>rings {time}</translation>
        </message>
        <message>
            <source>wrap-up {time}</source>
            <translation>wrap-up {time}</translation>
        </message>
        <message>
            <source>Queues</source>
            <translation>Queues</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>Available colleagues</source>
            <translation>Available colleagues</translation>
        </message>
        <message>
            <source>Nobody is available</source>
            <translation>Nobody is available</translation>
        </message>
        <message>
            <source>That did not work.</source>
            <translation>That did not work.</translation>
        </message>
        <message>
            <source>Could not connect the call: {reason} The call went back to the queue.</source>
            <translation>Could not connect the call: {reason} The call went back to the queue.</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>Decline</translation>
        </message>
        <message>
            <source>Transfer</source>
            <translation>Transfer</translation>
        </message>
        <message>
            <source>Hang up</source>
            <translation>Hang up</translation>
        </message>
        <message>
            <source>Take the call</source>
            <translation>Take the call</translation>
        </message>
        <message>
            <source>Let the next agent take the call</source>
            <translation>Let the next agent take the call</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>Dismiss</translation>
        </message>
    </context>
    <context>
        <name>CallCenter</name>
        <message>
            <source>Could not link the call ({error}).</source>
            <translation>Could not link the call ({error}).</translation>
        </message>
        <message>
            <source>The wrap-up time ran out: the call was saved with your draft.</source>
            <translation>The wrap-up time ran out: the call was saved with your draft.</translation>
        </message>
        <message>
            <source>A call rang unanswered and went to a colleague.</source>
            <translation>A call rang unanswered and went to a colleague.</translation>
        </message>
        <message>
            <source>The caller hung up before the call was answered.</source>
            <translation>The caller hung up before the call was answered.</translation>
        </message>
        <message>
            <source>Calling: your phone rings first, then the customer&apos;s.</source>
            <translation>Calling: your phone rings first, then the customer&apos;s.</translation>
        </message>
        <message>
            <source>Wrap-up saved on the customer&apos;s timeline.</source>
            <translation>Wrap-up saved on the customer&apos;s timeline.</translation>
        </message>
        <message>
            <source>Lost contact with the database; trying again…</source>
            <translation>Lost contact with the database; trying again…</translation>
        </message>
        <message>
            <source>Call bar</source>
            <translation>Call bar</translation>
        </message>
        <message>
            <source>Call</source>
            <translation>Call</translation>
        </message>
    </context>
    <context>
        <name>CallCodes</name>
        <message>
            <source>Available</source>
            <translation>Available</translation>
        </message>
        <message>
            <source>Offered</source>
            <translation>Offered</translation>
        </message>
        <message>
            <source>On call</source>
            <translation>On call</translation>
        </message>
        <message>
            <source>Wrap-up</source>
            <translation>Wrap-up</translation>
        </message>
        <message>
            <source>Break</source>
            <translation>Break</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message>
            <source>Not responding</source>
            <translation>Not responding</translation>
        </message>
        <message>
            <source>Lunch</source>
            <translation>Lunch</translation>
        </message>
        <message>
            <source>Rest</source>
            <translation>Rest</translation>
        </message>
        <message>
            <source>Training</source>
            <translation>Training</translation>
        </message>
        <message>
            <source>Meeting</source>
            <translation>Meeting</translation>
        </message>
        <message>
            <source>Coaching</source>
            <translation>Coaching</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>Talking</source>
            <translation>Talking</translation>
        </message>
        <message>
            <source>On hold</source>
            <translation>On hold</translation>
        </message>
        <message>
            <source>Dialling</source>
            <translation>Dialling</translation>
        </message>
        <message>
            <source>Call ended</source>
            <translation>Call ended</translation>
        </message>
    </context>
    <context>
        <name>CallNotes</name>
        <message>
            <source>Saved</source>
            <translation>Saved</translation>
        </message>
        <message>
            <source>Not saved: the database did not answer. Keep typing to retry.</source>
            <translation>Not saved: the database did not answer. Keep typing to retry.</translation>
        </message>
        <message>
            <source>Typing…</source>
            <translation>Typing…</translation>
        </message>
        <message>
            <source>Call notes</source>
            <translation>Call notes</translation>
        </message>
        <message>
            <source>What the customer asks, what you promised… (saved as you type)</source>
            <translation>What the customer asks, what you promised… (saved as you type)</translation>
        </message>
    </context>
    <context>
        <name>CallerCard</name>
        <message>
            <source>No call at the moment</source>
            <translation>No call at the moment</translation>
        </message>
        <message>
            <source>Calls offered to you pop up here.</source>
            <translation>Calls offered to you pop up here.</translation>
        </message>
        <message>
            <source>Incoming call</source>
            <translation>Incoming call</translation>
        </message>
        <message>
            <source>Outgoing call</source>
            <translation>Outgoing call</translation>
        </message>
        <message>
            <source>Several customers share this number</source>
            <translation>Several customers share this number</translation>
        </message>
        <message>
            <source>Ask who is calling, then pick them: nothing is linked until you do.</source>
            <translation>Ask who is calling, then pick them: nothing is linked until you do.</translation>
        </message>
        <message>
            <source>Unknown caller</source>
            <translation>Unknown caller</translation>
        </message>
        <message>
            <source>Number withheld</source>
            <translation>Number withheld</translation>
        </message>
        <message>
            <source>The caller&apos;s number is hidden. Identify them by search; no customer is created from this call.</source>
            <translation>The caller&apos;s number is hidden. Identify them by search; no customer is created from this call.</translation>
        </message>
        <message>
            <source>Caller</source>
            <translation>Caller</translation>
        </message>
        <message>
            <source>Find the customer with the search on the left.</source>
            <translation>Find the customer with the search on the left.</translation>
        </message>
        <message>
            <source>Queue: {queue}</source>
            <translation>Queue: {queue}</translation>
        </message>
        <message>
            <source>Pressed {digit}</source>
            <translation>Pressed {digit}</translation>
        </message>
        <message>
            <source>Waited {seconds} s</source>
            <translation>Waited {seconds} s</translation>
        </message>
        <message>
            <source>{days} days overdue</source>
            <translation>{days} days overdue</translation>
        </message>
        <message>
            <source>due in {days} days ({date})</source>
            <translation>due in {days} days ({date})</translation>
        </message>
        <message>
            <source>Open complaint {number}: {summary} — {due}</source>
            <translation>Open complaint {number}: {summary} — {due}</translation>
        </message>
        <message>
            <source>Reminder: {kind} — {title} ({date})</source>
            <translation>Reminder: {kind} — {title} ({date})</translation>
        </message>
        <message>
            <source>Deposit maturing in {days} days: {product} {account} {amount}</source>
            <translation>Deposit maturing in {days} days: {product} {account} {amount}</translation>
        </message>
        <message>
            <source>result: {disposition}</source>
            <translation>result: {disposition}</translation>
        </message>
        <message>
            <source>Last contact: {what}</source>
            <translation>Last contact: {what}</translation>
        </message>
        <message>
            <source>SMS {date}: {text}</source>
            <translation>SMS {date}: {text}</translation>
        </message>
        <message>
            <source>Nothing open for this customer.</source>
            <translation>Nothing open for this customer.</translation>
        </message>
        <message>
            <source>Open 360°</source>
            <translation>Open 360°</translation>
        </message>
        <message>
            <source>Why they may be calling</source>
            <translation>Why they may be calling</translation>
        </message>
        <message>
            <source>This is the caller</source>
            <translation>This is the caller</translation>
        </message>
    </context>
    <context>
        <name>QuickCreateForm</name>
        <message>
            <source>Enter the name and the ID number.</source>
            <translation>Enter the name and the ID number.</translation>
        </message>
        <message>
            <source>Checking for existing customers…</source>
            <translation>Checking for existing customers…</translation>
        </message>
        <message>
            <source>A customer with this ID number exists already: link the call to them.</source>
            <translation>A customer with this ID number exists already: link the call to them.</translation>
        </message>
        <message>
            <source>Existing customers match this number or ID: link the call to one of them, or create a new customer anyway.</source>
            <translation>Existing customers match this number or ID: link the call to one of them, or create a new customer anyway.</translation>
        </message>
        <message>
            <source>Could not create the customer ({error}).</source>
            <translation>Could not create the customer ({error}).</translation>
        </message>
        <message>
            <source>New customer from this call</source>
            <translation>New customer from this call</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>ID type</source>
            <translation>ID type</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Check and create</source>
            <translation>Check and create</translation>
        </message>
        <message>
            <source>Link the call to this customer</source>
            <translation>Link the call to this customer</translation>
        </message>
        <message>
            <source>Create anyway</source>
            <translation>Create anyway</translation>
        </message>
    </context>
    <context>
        <name>WrapupPanel</name>
        <message>
            <source>The draft was not saved ({error}); keep typing to retry.</source>
            <translation>The draft was not saved ({error}); keep typing to retry.</translation>
        </message>
        <message>
            <source>Choose a disposition first.</source>
            <translation>Choose a disposition first.</translation>
        </message>
        <message>
            <source>The follow-up time has passed; choose a later one.</source>
            <translation>The follow-up time has passed; choose a later one.</translation>
        </message>
        <message>
            <source>Could not save the wrap-up ({error}). Try again.</source>
            <translation>Could not save the wrap-up ({error}). Try again.</translation>
        </message>
        <message>
            <source>The saved draft could not be read ({error}).</source>
            <translation>The saved draft could not be read ({error}).</translation>
        </message>
        <message>
            <source>Time left {time}</source>
            <translation>Time left {time}</translation>
        </message>
        <message>
            <source>Time is up: the wrap-up is saved with this draft</source>
            <translation>Time is up: the wrap-up is saved with this draft</translation>
        </message>
        <message>
            <source>Wrap-up</source>
            <translation>Wrap-up</translation>
        </message>
        <message>
            <source>Disposition</source>
            <translation>Disposition</translation>
        </message>
        <message>
            <source>Notes for the customer&apos;s timeline</source>
            <translation>Notes for the customer&apos;s timeline</translation>
        </message>
        <message>
            <source>Summary of the call</source>
            <translation>Summary of the call</translation>
        </message>
        <message>
            <source>Follow-up reminder</source>
            <translation>Follow-up reminder</translation>
        </message>
        <message>
            <source>What to follow up (optional)</source>
            <translation>What to follow up (optional)</translation>
        </message>
        <message>
            <source>Finish wrap-up</source>
            <translation>Finish wrap-up</translation>
        </message>
    </context>
</TS>
