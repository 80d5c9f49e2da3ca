<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccessControl</name>
    <message>
        <source>Cannot reach the database ({error}). Check the connection and try again.</source>
        <translation>Cannot reach the database ({error}). Check the connection and try again.</translation>
    </message>
    <message>
        <source>Cannot reach the database ({error}).</source>
        <translation>Cannot reach the database ({error}).</translation>
    </message>
</context>
<context>
    <name>AgentsModel</name>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>In state</source>
        <translation>In state</translation>
    </message>
    <message>
        <source>Call queue</source>
        <translation>Call queue</translation>
    </message>
    <message>
        <source>Call time</source>
        <translation>Call time</translation>
    </message>
    <message>
        <source>Handled today</source>
        <translation>Handled today</translation>
    </message>
    <message>
        <source>AHT</source>
        <translation>AHT</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>{level}: {queue} — {reasons}</source>
        <translation>{level}: {queue} — {reasons}</translation>
    </message>
</context>
<context>
    <name>AlertNotices</name>
    <message>
        <source>{n} new complaint alerts. Latest: {text}</source>
        <translation>{n} new complaint alerts. Latest: {text}</translation>
    </message>
    <message>
        <source>Complaint {number} passed deadline warning {level} of {of}; decide by {due}.</source>
        <translation>Complaint {number} passed deadline warning {level} of {of}; decide by {due}.</translation>
    </message>
    <message>
        <source>Complaint {number} missed its deadline ({due}).</source>
        <translation>Complaint {number} missed its deadline ({due}).</translation>
    </message>
    <message>
        <source>Complaint {number} was escalated to you: it missed its deadline ({due}).</source>
        <translation>Complaint {number} was escalated to you: it missed its deadline ({due}).</translation>
    </message>
    <message>
        <source>Complaint {number} was escalated to you by its handler.</source>
        <translation>Complaint {number} was escalated to you by its handler.</translation>
    </message>
    <message>
        <source>Complaint {number} was escalated to you: its deadline ({due}) is close.</source>
        <translation>Complaint {number} was escalated to you: its deadline ({due}) is close.</translation>
    </message>
    <message>
        <source>See “Escalations”.</source>
        <translation>See “Escalations”.</translation>
    </message>
</context>
<context>
    <name>AnalyticsPanel</name>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>Completion rate</source>
        <translation>Completion rate</translation>
    </message>
    <message>
        <source>Average duration</source>
        <translation>Average duration</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>Still open</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>Outcomes</translation>
    </message>
    <message>
        <source>All versions</source>
        <translation>All versions</translation>
    </message>
    <message>
        <source>Drop-off per step</source>
        <translation>Drop-off per step</translation>
    </message>
    <message>
        <source>{runs} ({finished} finished, {abandoned} abandoned)</source>
        <translation>{runs} ({finished} finished, {abandoned} abandoned)</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} min {s} s</translation>
    </message>
    <message>
        <source>Runs that stopped at the step</source>
        <translation>Runs that stopped at the step</translation>
    </message>
</context>
<context>
    <name>AppointmentDialog</name>
    <message>
        <source>Book an appointment</source>
        <translation>Book an appointment</translation>
    </message>
    <message>
        <source>Appointment for {name}</source>
        <translation>Appointment for {name}</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Free times</source>
        <translation>Free times</translation>
    </message>
    <message>
        <source>What the appointment is about (optional)</source>
        <translation>What the appointment is about (optional)</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>Book the chosen time (Enter)</source>
        <translation>Book the chosen time (Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Close without booking (Esc)</source>
        <translation>Close without booking (Esc)</translation>
    </message>
    <message>
        <source>Reading the free times…</source>
        <translation>Reading the free times…</translation>
    </message>
    <message>
        <source>{start} – {end}   {free} of {capacity} free</source>
        <translation>{start} – {end}   {free} of {capacity} free</translation>
    </message>
    <message>
        <source>{start} – {end}   full</source>
        <translation>{start} – {end}   full</translation>
    </message>
    <message>
        <source>No times left on this day: choose another day.</source>
        <translation>No times left on this day: choose another day.</translation>
    </message>
    <message>
        <source>Every time on this day is fully booked: choose another day.</source>
        <translation>Every time on this day is fully booked: choose another day.</translation>
    </message>
    <message>
        <source>Choose a time with the arrows, then Enter to book.</source>
        <translation>Choose a time with the arrows, then Enter to book.</translation>
    </message>
    <message>
        <source>Choose a time with free places first.</source>
        <translation>Choose a time with free places first.</translation>
    </message>
    <message>
        <source>Booked at {branch} on {day}, {start} – {end}.</source>
        <translation>Booked at {branch} on {day}, {start} – {end}.</translation>
    </message>
    <message>
        <source>An SMS confirmation was sent to the customer.</source>
        <translation>An SMS confirmation was sent to the customer.</translation>
    </message>
    <message>
        <source>No SMS confirmation was sent.</source>
        <translation>No SMS confirmation was sent.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>AppointmentsPage</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Today's appointments</source>
        <translation>Today's appointments</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>The customer is here: issue their number</source>
        <translation>The customer is here: issue their number</translation>
    </message>
    <message>
        <source>Cancel appointment</source>
        <translation>Cancel appointment</translation>
    </message>
    <message>
        <source>Cancel the selected appointment</source>
        <translation>Cancel the selected appointment</translation>
    </message>
    <message>
        <source>No appointments today</source>
        <translation>No appointments today</translation>
    </message>
    <message>
        <source>Appointments booked by phone, at the lobby or by a customer manager appear here by time slot.</source>
        <translation>Appointments booked by phone, at the lobby or by a customer manager appear here by time slot.</translation>
    </message>
    <message>
        <source>Number {number} for {customer} — {ahead} ahead</source>
        <translation>Number {number} for {customer} — {ahead} ahead</translation>
    </message>
    <message>
        <source>Cancel {customer}'s appointment at {time}?</source>
        <translation>Cancel {customer}'s appointment at {time}?</translation>
    </message>
    <message>
        <source>That did not work ({error}). Try again.</source>
        <translation>That did not work ({error}). Try again.</translation>
    </message>
</context>
<context>
    <name>AttachmentModel</name>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>Virus scan</source>
        <translation>Virus scan</translation>
    </message>
</context>
<context>
    <name>AttachmentPane</name>
    <message>
        <source>File attached.</source>
        <translation>File attached.</translation>
    </message>
    <message>
        <source>Documents, images and recordings ({patterns})</source>
        <translation>Documents, images and recordings ({patterns})</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Attach a file</translation>
    </message>
    <message>
        <source>This file cannot be opened until the virus scan has cleared it.</source>
        <translation>This file cannot be opened until the virus scan has cleared it.</translation>
    </message>
    <message>
        <source>No program is set up to open {file}.</source>
        <translation>No program is set up to open {file}.</translation>
    </message>
    <message>
        <source>Attach file…</source>
        <translation>Attach file…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>BoardActions</name>
    <message>
        <source>Waiting calls (right-click or Shift+F10 to act on one)</source>
        <translation>Waiting calls (right-click or Shift+F10 to act on one)</translation>
    </message>
    <message>
        <source>Force state…</source>
        <translation>Force state…</translation>
    </message>
    <message>
        <source>Send message…</source>
        <translation>Send message…</translation>
    </message>
    <message>
        <source>{name} is now {state}.</source>
        <translation>{name} is now {state}.</translation>
    </message>
    <message>
        <source>Message sent to {name}.</source>
        <translation>Message sent to {name}.</translation>
    </message>
    <message>
        <source>Move to queue…</source>
        <translation>Move to queue…</translation>
    </message>
    <message>
        <source>Raise priority</source>
        <translation>Raise priority</translation>
    </message>
    <message>
        <source>Call {id} moved to {queue}.</source>
        <translation>Call {id} moved to {queue}.</translation>
    </message>
    <message>
        <source>Call {id} now has priority {priority}.</source>
        <translation>Call {id} now has priority {priority}.</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Held by</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Waited</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>Notified</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Lobby board</source>
        <translation>Lobby board</translation>
    </message>
    <message>
        <source>Waiting per service</source>
        <translation>Waiting per service</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Counters</translation>
    </message>
    <message>
        <source>VIP customers in the lobby</source>
        <translation>VIP customers in the lobby</translation>
    </message>
    <message>
        <source>Today's numbers</source>
        <translation>Today's numbers</translation>
    </message>
    <message>
        <source>No VIP customer is in the lobby now.</source>
        <translation>No VIP customer is in the lobby now.</translation>
    </message>
    <message>
        <source>Notify manager</source>
        <translation>Notify manager</translation>
    </message>
    <message>
        <source>Tell the selected VIP's customer manager on their desktop that the customer is here ({keys})</source>
        <translation>Tell the selected VIP's customer manager on their desktop that the customer is here ({keys})</translation>
    </message>
    <message>
        <source>The board could not be updated ({error}).</source>
        <translation>The board could not be updated ({error}).</translation>
    </message>
    <message>
        <source>{branch} · as of {time}</source>
        <translation>{branch} · as of {time}</translation>
    </message>
    <message>
        <source>people waiting</source>
        <translation>people waiting</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>longest wait</source>
        <translation>longest wait</translation>
    </message>
    <message>
        <source>{open} of {all}</source>
        <translation>{open} of {all}</translation>
    </message>
    <message>
        <source>counters open</source>
        <translation>counters open</translation>
    </message>
    <message>
        <source>no-shows today</source>
        <translation>no-shows today</translation>
    </message>
    <message>
        <source>{x} of {y} ({z} %)</source>
        <translation>{x} of {y} ({z} %)</translation>
    </message>
    <message>
        <source>served within {n} minutes today</source>
        <translation>served within {n} minutes today</translation>
    </message>
    <message>
        <source> (not seen for a while)</source>
        <translation> (not seen for a while)</translation>
    </message>
    <message>
        <source>no manager</source>
        <translation>no manager</translation>
    </message>
    <message>
        <source>walk-in</source>
        <translation>walk-in</translation>
    </message>
    <message>
        <source>No numbers issued today yet</source>
        <translation>No numbers issued today yet</translation>
    </message>
    <message>
        <source>Numbers appear here as customers check in at the lobby.</source>
        <translation>Numbers appear here as customers check in at the lobby.</translation>
    </message>
    <message>
        <source>{manager} was told that {name} ({number}) is here.</source>
        <translation>{manager} was told that {name} ({number}) is here.</translation>
    </message>
    <message>
        <source>Could not notify ({error}).</source>
        <translation>Could not notify ({error}).</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>Connection to the wallboard service lost. These figures are from {time} and are not current.</source>
        <translation>Connection to the wallboard service lost. These figures are from {time} and are not current.</translation>
    </message>
    <message>
        <source>Connection to the wallboard service lost.</source>
        <translation>Connection to the wallboard service lost.</translation>
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
        <source>Take the caller off hold</source>
        <translation>Take the caller off hold</translation>
    </message>
    <message>
        <source>Put the caller on hold</source>
        <translation>Put the caller on hold</translation>
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
        <source>overdue</source>
        <translation>overdue</translation>
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
        <source>on hold {time}</source>
        <translation>on hold {time}</translation>
    </message>
    <message>
        <source>wrap-up overdue +{time}</source>
        <translation>wrap-up overdue +{time}</translation>
    </message>
    <message>
        <source>Take a break…</source>
        <translation>Take a break…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transfer…</translation>
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
        <source>Transfer the call to a colleague or a queue</source>
        <translation>Transfer the call to a colleague or a queue</translation>
    </message>
    <message>
        <source>End the call and start the wrap-up</source>
        <translation>End the call and start the wrap-up</translation>
    </message>
    <message>
        <source>Your state; click to change it. {available}: {a} · {brk}: {b} · {offline}: {o}</source>
        <translation>Your state; click to change it. {available}: {a} · {brk}: {b} · {offline}: {o}</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Send an SMS or e-mail to the caller from an approved template</source>
        <translation>Send an SMS or e-mail to the caller from an approved template</translation>
    </message>
    <message>
        <source>Identify the caller first</source>
        <translation>Identify the caller first</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Send message</translation>
    </message>
    <message>
        <source>The phone line did not start ({reason}): no calls reach this desk. Tell your administrator.</source>
        <translation>The phone line did not start ({reason}): no calls reach this desk. Tell your administrator.</translation>
    </message>
</context>
<context>
    <name>CallCenter</name>
    <message>
        <source>Could not link the call ({error}).</source>
        <translation>Could not link the call ({error}).</translation>
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
        <source>Calling: your phone rings first, then the customer's.</source>
        <translation>Calling: your phone rings first, then the customer's.</translation>
    </message>
    <message>
        <source>Wrap-up saved on the customer's timeline.</source>
        <translation>Wrap-up saved on the customer's timeline.</translation>
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
    <message>
        <source>Call notes</source>
        <translation>Call notes</translation>
    </message>
    <message>
        <source>Find a disposition</source>
        <translation>Find a disposition</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>Finish wrap-up</translation>
    </message>
    <message>
        <source>Could not open the message window ({error}).</source>
        <translation>Could not open the message window ({error}).</translation>
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
    <name>CallMenu</name>
    <message>
        <source>&amp;Call</source>
        <translation>&amp;Call</translation>
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
    <message>
        <source>Not saved yet: the database did not answer. Kept on this computer; saved when it is back.</source>
        <translation>Not saved yet: the database did not answer. Kept on this computer; saved when it is back.</translation>
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
        <source>The caller's number is hidden. Identify them by search; no customer is created from this call.</source>
        <translation>The caller's number is hidden. Identify them by search; no customer is created from this call.</translation>
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
        <source>Suggested flow: {name} (Ctrl+G)</source>
        <translation>Suggested flow: {name} (Ctrl+G)</translation>
    </message>
    <message>
        <source>Start this service flow beside the customer</source>
        <translation>Start this service flow beside the customer</translation>
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
    <name>CampaignConfirm</name>
    <message>
        <source>No filter set</source>
        <translation>No filter set</translation>
    </message>
    <message>
        <source>No filter is set, so this campaign would go to all {n} customers.</source>
        <translation>No filter is set, so this campaign would go to all {n} customers.</translation>
    </message>
    <message>
        <source>Go on with all {n} customers?</source>
        <translation>Go on with all {n} customers?</translation>
    </message>
    <message>
        <source>All {n} customers</source>
        <translation>All {n} customers</translation>
    </message>
    <message>
        <source>Choose a filter</source>
        <translation>Choose a filter</translation>
    </message>
    <message>
        <source>Start the campaign “{name}”? The message will be sent to {n} customers.</source>
        <translation>Start the campaign “{name}”? The message will be sent to {n} customers.</translation>
    </message>
    <message>
        <source>{k} of the {m} customers in the segment are skipped (opted out, no consent or no address).</source>
        <translation>{k} of the {m} customers in the segment are skipped (opted out, no consent or no address).</translation>
    </message>
    <message>
        <source>No filter is set: these are all the customers you can reach.</source>
        <translation>No filter is set: these are all the customers you can reach.</translation>
    </message>
    <message>
        <source>Sending starts at {time}.</source>
        <translation>Sending starts at {time}.</translation>
    </message>
    <message>
        <source>Start the campaign</source>
        <translation>Start the campaign</translation>
    </message>
    <message>
        <source>Send to {n} customers</source>
        <translation>Send to {n} customers</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Not now</translation>
    </message>
</context>
<context>
    <name>CampaignList</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>Counts</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Queueing</source>
        <translation>Queueing</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Campaigns</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>New campaign</translation>
    </message>
    <message>
        <source>No campaigns yet.</source>
        <translation>No campaigns yet.</translation>
    </message>
    <message>
        <source>{sent}/{total} sent · {failed} failed · {skipped} skipped</source>
        <translation>{sent}/{total} sent · {failed} failed · {skipped} skipped</translation>
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
        <source>Chinese</source>
        <translation>Chinese</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
</context>
<context>
    <name>CampaignPanel</name>
    <message>
        <source>any</source>
        <translation>any</translation>
    </message>
    <message>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Birthday this week</source>
        <translation>Birthday this week</translation>
    </message>
    <message>
        <source>Send at</source>
        <translation>Send at</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Cancel campaign</source>
        <translation>Cancel campaign</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>Tiers</translation>
    </message>
    <message>
        <source>Lifecycle stages</source>
        <translation>Lifecycle stages</translation>
    </message>
    <message>
        <source>Deposit maturing within</source>
        <translation>Deposit maturing within</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Sample messages</source>
        <translation>Sample messages</translation>
    </message>
    <message>
        <source>Start sending…</source>
        <translation>Start sending…</translation>
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
        <source>Campaign: {name}</source>
        <translation>Campaign: {name}</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>New campaign</translation>
    </message>
    <message>
        <source>Customers in the segment: {matched}; will receive it: {sendable}.</source>
        <translation>Customers in the segment: {matched}; will receive it: {sendable}.</translation>
    </message>
    <message>
        <source>Skipped: {list}.</source>
        <translation>Skipped: {list}.</translation>
    </message>
    <message>
        <source>Queueing the messages…</source>
        <translation>Queueing the messages…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Queueing</source>
        <translation>Queueing</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>{state} · sent {sent} · delivered {delivered} · failed {failed} · skipped for opt-out {opted} · waiting {waiting}</source>
        <translation>{state} · sent {sent} · delivered {delivered} · failed {failed} · skipped for opt-out {opted} · waiting {waiting}</translation>
    </message>
    <message>
        <source>Custom filter</source>
        <translation>Custom filter</translation>
    </message>
    <message>
        <source>opted out</source>
        <translation>opted out</translation>
    </message>
    <message>
        <source>no marketing consent</source>
        <translation>no marketing consent</translation>
    </message>
    <message>
        <source>no usable address</source>
        <translation>no usable address</translation>
    </message>
    <message>
        <source>could not be rendered</source>
        <translation>could not be rendered</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>CheckinPage</name>
    <message>
        <source>Walk-in customer</source>
        <translation>Walk-in customer</translation>
    </message>
    <message>
        <source>Choose the service on the right, then Issue number. No customer is recorded on the number.</source>
        <translation>Choose the service on the right, then Issue number. No customer is recorded on the number.</translation>
    </message>
    <message>
        <source>Check what was typed, or issue a walk-in number ({key}).</source>
        <translation>Check what was typed, or issue a walk-in number ({key}).</translation>
    </message>
    <message>
        <source>No customer found</source>
        <translation>No customer found</translation>
    </message>
    <message>
        <source>Manager: {name}</source>
        <translation>Manager: {name}</translation>
    </message>
    <message>
        <source>{n} customers match: choose with the arrows and Enter</source>
        <translation>{n} customers match: choose with the arrows and Enter</translation>
    </message>
    <message>
        <source>Who is the customer?</source>
        <translation>Who is the customer?</translation>
    </message>
    <message>
        <source>Swipe the ID card, or type a phone, card number or name and press Enter. Esc clears; {key} issues a walk-in number.</source>
        <translation>Swipe the ID card, or type a phone, card number or name and press Enter. Esc clears; {key} issues a walk-in number.</translation>
    </message>
    <message>
        <source>Swipe ID card, or type phone / card number / name, then Enter</source>
        <translation>Swipe ID card, or type phone / card number / name, then Enter</translation>
    </message>
    <message>
        <source>Enter searches; Esc clears</source>
        <translation>Enter searches; Esc clears</translation>
    </message>
    <message>
        <source>Customer's ID number, phone, card number or name</source>
        <translation>Customer's ID number, phone, card number or name</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Find the customer (Enter)</source>
        <translation>Find the customer (Enter)</translation>
    </message>
    <message>
        <source>Walk-in (no ID)</source>
        <translation>Walk-in (no ID)</translation>
    </message>
    <message>
        <source>Issue a number without identifying the customer ({key})</source>
        <translation>Issue a number without identifying the customer ({key})</translation>
    </message>
</context>
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
        <source>Waiting to send</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <source>Held back</source>
        <translation>Held back</translation>
    </message>
    <message>
        <source>Sending paused</source>
        <translation>Sending paused</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>Outcome unknown</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>Not delivered</translation>
    </message>
    <message>
        <source>Sending failed</source>
        <translation>Sending failed</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Sending cancelled</source>
        <translation>Sending cancelled</translation>
    </message>
    <message>
        <source>Confirmed delivered</source>
        <translation>Confirmed delivered</translation>
    </message>
    <message>
        <source>Sent again</source>
        <translation>Sent again</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>Customer replied</source>
        <translation>Customer replied</translation>
    </message>
    <message>
        <source>Survey answered</source>
        <translation>Survey answered</translation>
    </message>
    <message>
        <source>Call survey answered</source>
        <translation>Call survey answered</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>Opted out</translation>
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
        <source>{outcome} (error {code})</source>
        <translation>{outcome} (error {code})</translation>
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
    <name>CompareDialog</name>
    <message>
        <source>added</source>
        <translation>added</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>removed</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>Step {id}</source>
        <translation>Step {id}</translation>
    </message>
    <message>
        <source>The flow itself</source>
        <translation>The flow itself</translation>
    </message>
    <message>
        <source>The two versions are the same.</source>
        <translation>The two versions are the same.</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Changes</translation>
    </message>
</context>
<context>
    <name>ComposeDialog</name>
    <message>
        <source>Send a message</source>
        <translation>Send a message</translation>
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
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>The customer accepts service and marketing messages by {channel}.</source>
        <translation>The customer accepts service and marketing messages by {channel}.</translation>
    </message>
    <message>
        <source>The customer accepts service messages by {channel}, but not marketing messages.</source>
        <translation>The customer accepts service messages by {channel}, but not marketing messages.</translation>
    </message>
    <message>
        <source>The customer opted out of {channel}: no message can be sent by {channel}.</source>
        <translation>The customer opted out of {channel}: no message can be sent by {channel}.</translation>
    </message>
    <message>
        <source>The customer has no address for {channel}: nothing can be sent by {channel}.</source>
        <translation>The customer has no address for {channel}: nothing can be sent by {channel}.</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>No approved template for this channel.</source>
        <translation>No approved template for this channel.</translation>
    </message>
    <message>
        <source>{channel} (opted out)</source>
        <translation>{channel} (opted out)</translation>
    </message>
    <message>
        <source>{channel} (no address)</source>
        <translation>{channel} (no address)</translation>
    </message>
    <message>
        <source>Use {channel} instead.</source>
        <translation>Use {channel} instead.</translation>
    </message>
    <message>
        <source>{state} {alternative}</source>
        <translation>{state} {alternative}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Subject: {subject}</source>
        <translation>Subject: {subject}</translation>
    </message>
    <message>
        <source>Fill in the fields above.</source>
        <translation>Fill in the fields above.</translation>
    </message>
    <message>
        <source>Marketing message: held until the quiet hours end ({time}).</source>
        <translation>Marketing message: held until the quiet hours end ({time}).</translation>
    </message>
    <message>
        <source>Goes out immediately.</source>
        <translation>Goes out immediately.</translation>
    </message>
    <message>
        <source>Queued in the outbox: it will be sent to {to} when the quiet hours end ({time}).</source>
        <translation>Queued in the outbox: it will be sent to {to} when the quiet hours end ({time}).</translation>
    </message>
    <message>
        <source>Queued in the outbox: it is being sent to {to} now.</source>
        <translation>Queued in the outbox: it is being sent to {to} now.</translation>
    </message>
    <message>
        <source>Sending to {to}…</source>
        <translation>Sending to {to}…</translation>
    </message>
    <message>
        <source>Sent to {to}.</source>
        <translation>Sent to {to}.</translation>
    </message>
    <message>
        <source>Delivered to {to}.</source>
        <translation>Delivered to {to}.</translation>
    </message>
    <message>
        <source>The message was withdrawn before it went out.</source>
        <translation>The message was withdrawn before it went out.</translation>
    </message>
    <message>
        <source>Could not be delivered to {to} (error {code}).</source>
        <translation>Could not be delivered to {to} (error {code}).</translation>
    </message>
    <message>
        <source>The customer opted out of messages on this channel.</source>
        <translation>The customer opted out of messages on this channel.</translation>
    </message>
    <message>
        <source>The customer has not agreed to marketing messages.</source>
        <translation>The customer has not agreed to marketing messages.</translation>
    </message>
    <message>
        <source>The customer has no usable address for this channel (SMS needs a mobile number).</source>
        <translation>The customer has no usable address for this channel (SMS needs a mobile number).</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <source>Remove this condition</source>
        <translation>Remove this condition</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>{a}, {b}</source>
        <translation>{a}, {b}</translation>
    </message>
    <message>
        <source>Enter a value.</source>
        <translation>Enter a value.</translation>
    </message>
    <message>
        <source>Enter one or more values separated by commas.</source>
        <translation>Enter one or more values separated by commas.</translation>
    </message>
    <message>
        <source>“{value}” is not a whole number.</source>
        <translation>“{value}” is not a whole number.</translation>
    </message>
    <message>
        <source>“{value}” is not an amount.</source>
        <translation>“{value}” is not an amount.</translation>
    </message>
    <message>
        <source>“{value}” is not a date (YYYY-MM-DD).</source>
        <translation>“{value}” is not a date (YYYY-MM-DD).</translation>
    </message>
    <message>
        <source>The value is too long (64 characters at most).</source>
        <translation>The value is too long (64 characters at most).</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>equals</translation>
    </message>
    <message>
        <source>does not equal</source>
        <translation>does not equal</translation>
    </message>
    <message>
        <source>less than</source>
        <translation>less than</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>at most</translation>
    </message>
    <message>
        <source>more than</source>
        <translation>more than</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>at least</translation>
    </message>
    <message>
        <source>is one of</source>
        <translation>is one of</translation>
    </message>
    <message>
        <source>is none of</source>
        <translation>is none of</translation>
    </message>
</context>
<context>
    <name>ConditionTree</name>
    <message>
        <source>Case {n}</source>
        <translation>Case {n}</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Add case</source>
        <translation>Add case</translation>
    </message>
    <message>
        <source>Add comparison</source>
        <translation>Add comparison</translation>
    </message>
    <message>
        <source>Add group</source>
        <translation>Add group</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Cases are tried in order. Under a case: comparisons, and groups — 'all' (every condition under it holds) or 'any' (one does). Edit a cell with F2.</source>
        <translation>Cases are tried in order. Under a case: comparisons, and groups — 'all' (every condition under it holds) or 'any' (one does). Edit a cell with F2.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed by both</source>
        <translation>Changed by both</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>Chosen</translation>
    </message>
    <message>
        <source>Only you changed this</source>
        <translation>Only you changed this</translation>
    </message>
    <message>
        <source>Changed by others</source>
        <translation>Changed by others</translation>
    </message>
    <message>
        <source>Someone else saved this record</source>
        <translation>Someone else saved this record</translation>
    </message>
    <message>
        <source>This record was deleted by someone else after you opened it; it cannot be saved.</source>
        <translation>This record was deleted by someone else after you opened it; it cannot be saved.</translation>
    </message>
    <message>
        <source>Someone else saved this record after you opened it. Choose, field by field, which value to keep: yours, the current one, or the original. Fields changed on both sides must be chosen.</source>
        <translation>Someone else saved this record after you opened it. Choose, field by field, which value to keep: yours, the current one, or the original. Fields changed on both sides must be chosen.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Yours</translation>
    </message>
    <message>
        <source>Current (saved by others)</source>
        <translation>Current (saved by others)</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Use all of mine</source>
        <translation>Use all of mine</translation>
    </message>
    <message>
        <source>Use all current values</source>
        <translation>Use all current values</translation>
    </message>
    <message>
        <source>Save merged version</source>
        <translation>Save merged version</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>&amp;Counter:</source>
        <translation>&amp;Counter:</translation>
    </message>
    <message>
        <source>Use this counter</source>
        <translation>Use this counter</translation>
    </message>
    <message>
        <source>Hold the chosen counter for this desktop</source>
        <translation>Hold the chosen counter for this desktop</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Take over</translation>
    </message>
    <message>
        <source>The desktop holding this counter has not been seen for a while: take the counter and its customer</source>
        <translation>The desktop holding this counter has not been seen for a while: take the counter and its customer</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Close the counter and release it for other desktops</source>
        <translation>Close the counter and release it for other desktops</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>Call the next waiting number</source>
        <translation>Call the next waiting number</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Call the same number again</source>
        <translation>Call the same number again</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>The customer did not come</source>
        <translation>The customer did not come</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Send to another service or counter</source>
        <translation>Send to another service or counter</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>Serve</translation>
    </message>
    <message>
        <source>The customer is here: start serving</source>
        <translation>The customer is here: start serving</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Finish with the chosen outcome</source>
        <translation>Finish with the chosen outcome</translation>
    </message>
    <message>
        <source>How the visit ended</source>
        <translation>How the visit ended</translation>
    </message>
    <message>
        <source>{label} — {status}</source>
        <translation>{label} — {status}</translation>
    </message>
    <message>
        <source>{name}, not seen for a while</source>
        <translation>{name}, not seen for a while</translation>
    </message>
    <message>
        <source>{label} — {status} · {holder}</source>
        <translation>{label} — {status} · {holder}</translation>
    </message>
    <message>
        <source>This branch has no counters yet. An administrator sets them up.</source>
        <translation>This branch has no counters yet. An administrator sets them up.</translation>
    </message>
    <message>
        <source>You hold {label} ({status}). It calls: {services}.</source>
        <translation>You hold {label} ({status}). It calls: {services}.</translation>
    </message>
    <message>
        <source>{label} is held by {name} at a desktop not seen for a while. You may take it over; the customer being served there comes with it.</source>
        <translation>{label} is held by {name} at a desktop not seen for a while. You may take it over; the customer being served there comes with it.</translation>
    </message>
    <message>
        <source>{label} is in use by {name} at another desktop. Choose another counter.</source>
        <translation>{label} is in use by {name} at another desktop. Choose another counter.</translation>
    </message>
    <message>
        <source>{label} is free ({status}). Press “Use this counter” to work here. It calls: {services}.</source>
        <translation>{label} is free ({status}). Press “Use this counter” to work here. It calls: {services}.</translation>
    </message>
    <message>
        <source>Walk-in customer (not identified)</source>
        <translation>Walk-in customer (not identified)</translation>
    </message>
    <message>
        <source>waited {n} min</source>
        <translation>waited {n} min</translation>
    </message>
    <message>
        <source>recalled {n}×</source>
        <translation>recalled {n}×</translation>
    </message>
    <message>
        <source>Nobody waiting for this counter's services. Call again in a moment.</source>
        <translation>Nobody waiting for this counter's services. Call again in a moment.</translation>
    </message>
    <message>
        <source>{number}: {outcome}. Press Call next for the next customer.</source>
        <translation>{number}: {outcome}. Press Call next for the next customer.</translation>
    </message>
    <message>
        <source>{number}: {status}.</source>
        <translation>{number}: {status}.</translation>
    </message>
    <message>
        <source>No customer at the counter. Press Call next (F5) when you are ready.</source>
        <translation>No customer at the counter. Press Call next (F5) when you are ready.</translation>
    </message>
    <message>
        <source>Choose your counter and press “Use this counter”, then open it.</source>
        <translation>Choose your counter and press “Use this counter”, then open it.</translation>
    </message>
    <message>
        <source>The counter could not do that ({error}). Try again.</source>
        <translation>The counter could not do that ({error}). Try again.</translation>
    </message>
</context>
<context>
    <name>CsatSettingsDialog</name>
    <message>
        <source>Satisfaction surveys</source>
        <translation>Satisfaction surveys</translation>
    </message>
    <message>
        <source>Send a survey after answered calls</source>
        <translation>Send a survey after answered calls</translation>
    </message>
    <message>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Calls surveyed</source>
        <translation>Calls surveyed</translation>
    </message>
    <message>
        <source>SMS template</source>
        <translation>SMS template</translation>
    </message>
    <message>
        <source>Quiet hours from</source>
        <translation>Quiet hours from</translation>
    </message>
    <message>
        <source>Quiet hours until</source>
        <translation>Quiet hours until</translation>
    </message>
    <message>
        <source>Not the same customer again within</source>
        <translation>Not the same customer again within</translation>
    </message>
    <message>
        <source>Low score (follow-up) at or below</source>
        <translation>Low score (follow-up) at or below</translation>
    </message>
    <message>
        <source>A survey due in the quiet hours waits until they end. Customers who opted out of SMS or have no mobile are not surveyed. A low score opens a to-do for the agent's supervisor.</source>
        <translation>A survey due in the quiet hours waits until they end. Customers who opted out of SMS or have no mobile are not surveyed. A low score opens a to-do for the agent's supervisor.</translation>
    </message>
    <message>
        <source>Loading the queues…</source>
        <translation>Loading the queues…</translation>
    </message>
    <message>
        <source>There are no queues to set up.</source>
        <translation>There are no queues to set up.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>CustomFilterEditor</name>
    <message>
        <source>Add condition</source>
        <translation>Add condition</translation>
    </message>
    <message>
        <source>No custom conditions.</source>
        <translation>No custom conditions.</translation>
    </message>
    <message>
        <source>Correct the custom conditions marked below ({n}).</source>
        <translation>Correct the custom conditions marked below ({n}).</translation>
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
        <source>Customer 360°: {tab}</source>
        <translation>Customer 360°: {tab}</translation>
    </message>
    <message>
        <source>No customer open</source>
        <translation>No customer open</translation>
    </message>
    <message>
        <source>Find a customer on the left, then press Enter or double-click to open the 360° view.</source>
        <translation>Find a customer on the left, then press Enter or double-click to open the 360° view.</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>phone number</source>
        <translation>phone number</translation>
    </message>
    <message>
        <source>Cannot show in full</source>
        <translation>Cannot show in full</translation>
    </message>
</context>
<context>
    <name>CustomerActions</name>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Correct this customer's details</source>
        <translation>Correct this customer's details</translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation>New complaint</translation>
    </message>
    <message>
        <source>Record a complaint from this customer (the regulator's clock starts)</source>
        <translation>Record a complaint from this customer (the regulator's clock starts)</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Send message</translation>
    </message>
    <message>
        <source>SMS or e-mail from an approved template</source>
        <translation>SMS or e-mail from an approved template</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Call the customer's primary number (your phone rings first)</source>
        <translation>Call the customer's primary number (your phone rings first)</translation>
    </message>
    <message>
        <source>Start service flow</source>
        <translation>Start service flow</translation>
    </message>
    <message>
        <source>Guide this conversation with a service flow</source>
        <translation>Guide this conversation with a service flow</translation>
    </message>
    <message>
        <source>Refer to manager</source>
        <translation>Refer to manager</translation>
    </message>
    <message>
        <source>Refer the customer to a customer manager</source>
        <translation>Refer the customer to a customer manager</translation>
    </message>
    <message>
        <source>Book appointment</source>
        <translation>Book appointment</translation>
    </message>
    <message>
        <source>Book the customer a time at a branch</source>
        <translation>Book the customer a time at a branch</translation>
    </message>
</context>
<context>
    <name>CustomerEditDialog</name>
    <message>
        <source>Someone else has just changed this customer. When you save, you will see both versions.</source>
        <translation>Someone else has just changed this customer. When you save, you will see both versions.</translation>
    </message>
    <message>
        <source>Not saved ({error}); your changes are kept.</source>
        <translation>Not saved ({error}); your changes are kept.</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>Edit customer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>Preferred language</source>
        <translation>Preferred language</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>Preferred channel</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>Lifecycle stage</source>
        <translation>Lifecycle stage</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Shown masked. Leave it empty to keep it; type a new value in full to replace it.</source>
        <translation>Shown masked. Leave it empty to keep it; type a new value in full to replace it.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DeadlinesTile</name>
    <message>
        <source>Complaint deadlines at risk</source>
        <translation>Complaint deadlines at risk</translation>
    </message>
    <message>
        <source>complaints past their warning point, not yet decided</source>
        <translation>complaints past their warning point, not yet decided</translation>
    </message>
    <message>
        <source>Open complaints past their warning point and not yet decided (the whole floor)</source>
        <translation>Open complaints past their warning point and not yet decided (the whole floor)</translation>
    </message>
</context>
<context>
    <name>DeskNotices</name>
    <message>
        <source>Got it</source>
        <translation>Got it</translation>
    </message>
    <message>
        <source>Mark the message read and close it</source>
        <translation>Mark the message read and close it</translation>
    </message>
    <message>
        <source>Message from {sender} ({time}):</source>
        <translation>Message from {sender} ({time}):</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>Preparing the demo data ({count} customers). This takes a while the first time…</source>
        <translation>Preparing the demo data ({count} customers). This takes a while the first time…</translation>
    </message>
    <message>
        <source>The database does not answer yet; trying again in {seconds} s. ({error})</source>
        <translation>The database does not answer yet; trying again in {seconds} s. ({error})</translation>
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
        <source>ContactDesk could not start</source>
        <translation>ContactDesk could not start</translation>
    </message>
    <message>
        <source>No active user has a password in this database. An administrator can add one with `contactdesk user add`, or run `contactdesk seed` for the demo users, or try `contactdesk demo`.</source>
        <translation>No active user has a password in this database. An administrator can add one with `contactdesk user add`, or run `contactdesk seed` for the demo users, or try `contactdesk demo`.</translation>
    </message>
    <message>
        <source>Sign-in refused</source>
        <translation>Sign-in refused</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>Lobby display</source>
        <translation>Lobby display</translation>
    </message>
    <message>
        <source>Now calling</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <source>Called before</source>
        <translation>Called before</translation>
    </message>
    <message>
        <source>People waiting</source>
        <translation>People waiting</translation>
    </message>
    <message>
        <source>Nobody is waiting. Welcome!</source>
        <translation>Nobody is waiting. Welcome!</translation>
    </message>
    <message>
        <source>Connection lost — the information shown may be out of date</source>
        <translation>Connection lost — the information shown may be out of date</translation>
    </message>
    <message>
        <source>Please go to {counter}</source>
        <translation>Please go to {counter}</translation>
    </message>
    <message>
        <source>Welcome. Please take a number.</source>
        <translation>Welcome. Please take a number.</translation>
    </message>
    <message>
        <source>{n} waiting</source>
        <translation>{n} waiting</translation>
    </message>
</context>
<context>
    <name>DispositionPicker</name>
    <message>
        <source>Type to find a disposition; ↑↓ choose, Enter picks</source>
        <translation>Type to find a disposition; ↑↓ choose, Enter picks</translation>
    </message>
    <message>
        <source>Find a disposition</source>
        <translation>Find a disposition</translation>
    </message>
    <message>
        <source>Dispositions</source>
        <translation>Dispositions</translation>
    </message>
    <message>
        <source>No disposition matches; clear the filter to see them all.</source>
        <translation>No disposition matches; clear the filter to see them all.</translation>
    </message>
</context>
<context>
    <name>DraftMerge</name>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Step {id}</source>
        <translation>Step {id}</translation>
    </message>
    <message>
        <source>Flow setting: {key}</source>
        <translation>Flow setting: {key}</translation>
    </message>
    <message>
        <source>Someone else saved this draft and then sent it on ({status}). Your changes are still here: export them to a file, or make a new version and make them again.</source>
        <translation>Someone else saved this draft and then sent it on ({status}). Your changes are still here: export them to a file, or make a new version and make them again.</translation>
    </message>
    <message>
        <source>Merged with the changes someone else saved meanwhile ({count} taken from theirs); saved.</source>
        <translation>Merged with the changes someone else saved meanwhile ({count} taken from theirs); saved.</translation>
    </message>
    <message>
        <source>Someone else saved this draft</source>
        <translation>Someone else saved this draft</translation>
    </message>
    <message>
        <source>Merged with the changes someone else saved meanwhile, as you chose; saved.</source>
        <translation>Merged with the changes someone else saved meanwhile, as you chose; saved.</translation>
    </message>
    <message>
        <source>Not saved: your changes are still here. Save again to compare once more.</source>
        <translation>Not saved: your changes are still here. Save again to compare once more.</translation>
    </message>
</context>
<context>
    <name>EditorWorkflow</name>
    <message>
        <source>Someone else changed this version after you opened it: open it again to go on.</source>
        <translation>Someone else changed this version after you opened it: open it again to go on.</translation>
    </message>
    <message>
        <source>Changes from {a} to {b}</source>
        <translation>Changes from {a} to {b}</translation>
    </message>
    <message>
        <source>Import a flow</source>
        <translation>Import a flow</translation>
    </message>
    <message>
        <source>Flow files (*.yaml *.yml *.json)</source>
        <translation>Flow files (*.yaml *.yml *.json)</translation>
    </message>
    <message>
        <source>Export the flow</source>
        <translation>Export the flow</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>Exported to {path}</translation>
    </message>
</context>
<context>
    <name>EscalationsPage</name>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Escalated at</source>
        <translation>Escalated at</translation>
    </message>
    <message>
        <source>Deadline close</source>
        <translation>Deadline close</translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation>Deadline missed</translation>
    </message>
    <message>
        <source>Escalated by hand</source>
        <translation>Escalated by hand</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>Escalations</translation>
    </message>
    <message>
        <source>Complaints escalated to you: close to their regulatory deadline, past it, or escalated by their handler. Open one to act on it, then acknowledge it to take it off this list.</source>
        <translation>Complaints escalated to you: close to their regulatory deadline, past it, or escalated by their handler. Open one to act on it, then acknowledge it to take it off this list.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Open ticket</source>
        <translation>Open ticket</translation>
    </message>
    <message>
        <source>Open the selected escalation's ticket (Enter or double-click)</source>
        <translation>Open the selected escalation's ticket (Enter or double-click)</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>Mark the selected escalation as seen and take it off the list ({keys})</source>
        <translation>Mark the selected escalation as seen and take it off the list ({keys})</translation>
    </message>
    <message>
        <source>Acknowledge the selected escalation</source>
        <translation>Acknowledge the selected escalation</translation>
    </message>
    <message>
        <source>Escalations ({n})</source>
        <translation>Escalations ({n})</translation>
    </message>
    <message>
        <source>Escalation of {number} acknowledged.</source>
        <translation>Escalation of {number} acknowledged.</translation>
    </message>
    <message>
        <source>1 escalation is waiting for you.</source>
        <translation>1 escalation is waiting for you.</translation>
    </message>
    <message>
        <source>{n} escalations are waiting for you.</source>
        <translation>{n} escalations are waiting for you.</translation>
    </message>
    <message>
        <source>No escalations for you</source>
        <translation>No escalations for you</translation>
    </message>
    <message>
        <source>Complaints escalated to you appear here as they happen, with a notice on the status bar.</source>
        <translation>Complaints escalated to you appear here as they happen, with a notice on the status bar.</translation>
    </message>
    <message>
        <source>Could not acknowledge the escalation ({error}). Try again.</source>
        <translation>Could not acknowledge the escalation ({error}). Try again.</translation>
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
    <name>FilterBar</name>
    <message>
        <source>The end date is before the start date. Choose an end date on or after {start}.</source>
        <translation>The end date is before the start date. Choose an end date on or after {start}.</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Queues</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>Teams</translation>
    </message>
    <message>
        <source>Branches</source>
        <translation>Branches</translation>
    </message>
    <message>
        <source>Grain</source>
        <translation>Grain</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>Per 30 minutes</source>
        <translation>Per 30 minutes</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Per day</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>All queues</source>
        <translation>All queues</translation>
    </message>
    <message>
        <source>{n} queues</source>
        <translation>{n} queues</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>All teams</translation>
    </message>
    <message>
        <source>{n} teams</source>
        <translation>{n} teams</translation>
    </message>
    <message>
        <source>All branches</source>
        <translation>All branches</translation>
    </message>
    <message>
        <source>{n} branches</source>
        <translation>{n} branches</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>End date</translation>
    </message>
</context>
<context>
    <name>FloorTile</name>
    <message>
        <source>Floor</source>
        <translation>Floor</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandoned</translation>
    </message>
    <message>
        <source>The queues shown, and every agent shown counted once</source>
        <translation>The queues shown, and every agent shown counted once</translation>
    </message>
</context>
<context>
    <name>FlowChooser</name>
    <message>
        <source>Loading the published flows…</source>
        <translation>Loading the published flows…</translation>
    </message>
    <message>
        <source>{flow}  (suggested)</source>
        <translation>{flow}  (suggested)</translation>
    </message>
    <message>
        <source>No flow matches.</source>
        <translation>No flow matches.</translation>
    </message>
    <message>
        <source>No flow is published yet: ask a supervisor.</source>
        <translation>No flow is published yet: ask a supervisor.</translation>
    </message>
    <message>
        <source>Start a service flow</source>
        <translation>Start a service flow</translation>
    </message>
    <message>
        <source>Type to filter, ↑/↓ to pick, Enter to start.</source>
        <translation>Type to filter, ↑/↓ to pick, Enter to start.</translation>
    </message>
    <message>
        <source>Flow name or code</source>
        <translation>Flow name or code</translation>
    </message>
    <message>
        <source>Published flows</source>
        <translation>Published flows</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FlowEditor</name>
    <message>
        <source>Say</source>
        <translation>Say</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Ask</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Identity check</source>
        <translation>Identity check</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Read aloud</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>End</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>Flows</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Compare with</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>New step</source>
        <translation>New step</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Retire</translation>
    </message>
    <message>
        <source>New version</source>
        <translation>New version</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>Preview…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>Auto-layout</translation>
    </message>
    <message>
        <source>Drop-off heat</source>
        <translation>Drop-off heat</translation>
    </message>
    <message>
        <source>Drop-off: pale = few runs stopped at the step, red = the most</source>
        <translation>Drop-off: pale = few runs stopped at the step, red = the most</translation>
    </message>
    <message>
        <source>Flow graph</source>
        <translation>Flow graph</translation>
    </message>
    <message>
        <source>Kind of the new step</source>
        <translation>Kind of the new step</translation>
    </message>
    <message>
        <source>No flow chosen</source>
        <translation>No flow chosen</translation>
    </message>
    <message>
        <source>Version {n}: {status}</source>
        <translation>Version {n}: {status}</translation>
    </message>
    <message>
        <source>Published: {p} · drafts: {d}</source>
        <translation>Published: {p} · drafts: {d}</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
</context>
<context>
    <name>FlowRunnerPanel</name>
    <message>
        <source>Enter or pick an answer first.</source>
        <translation>Enter or pick an answer first.</translation>
    </message>
    <message>
        <source>Saved on this computer; it will be sent when the database is back.</source>
        <translation>Saved on this computer; it will be sent when the database is back.</translation>
    </message>
    <message>
        <source>Flow finished</source>
        <translation>Flow finished</translation>
    </message>
    <message>
        <source>Flow stopped</source>
        <translation>Flow stopped</translation>
    </message>
    <message>
        <source>This will: {what}</source>
        <translation>This will: {what}</translation>
    </message>
    <message>
        <source>Done: {result}</source>
        <translation>Done: {result}</translation>
    </message>
    <message>
        <source>Ask the caller; {n} of {total} must match. The record is never shown.</source>
        <translation>Ask the caller; {n} of {total} must match. The record is never shown.</translation>
    </message>
    <message>
        <source>Read the text above in full, then confirm.</source>
        <translation>Read the text above in full, then confirm.</translation>
    </message>
    <message>
        <source>Outcome: {code}</source>
        <translation>Outcome: {code}</translation>
    </message>
    <message>
        <source>The wrap-up disposition is set to this outcome.</source>
        <translation>The wrap-up disposition is set to this outcome.</translation>
    </message>
    <message>
        <source>Duration: {m} min {s} s</source>
        <translation>Duration: {m} min {s} s</translation>
    </message>
    <message>
        <source>Kept on the customer's timeline.</source>
        <translation>Kept on the customer's timeline.</translation>
    </message>
    <message>
        <source>read aloud at {time}</source>
        <translation>read aloud at {time}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Read aloud (Enter)</source>
        <translation>Read aloud (Enter)</translation>
    </message>
    <message>
        <source>Try again (Enter)</source>
        <translation>Try again (Enter)</translation>
    </message>
    <message>
        <source>Do it (Enter)</source>
        <translation>Do it (Enter)</translation>
    </message>
    <message>
        <source>Next (Enter)</source>
        <translation>Next (Enter)</translation>
    </message>
    <message>
        <source>Starting the flow…</source>
        <translation>Starting the flow…</translation>
    </message>
    <message>
        <source>Service flow</source>
        <translation>Service flow</translation>
    </message>
    <message>
        <source>Other flow…</source>
        <translation>Other flow…</translation>
    </message>
    <message>
        <source>Pick another published flow (Ctrl+G)</source>
        <translation>Pick another published flow (Ctrl+G)</translation>
    </message>
    <message>
        <source>Close the flow pane (an unfinished run can be resumed)</source>
        <translation>Close the flow pane (an unfinished run can be resumed)</translation>
    </message>
    <message>
        <source>Close the flow pane</source>
        <translation>Close the flow pane</translation>
    </message>
    <message>
        <source>Back (Alt+←)</source>
        <translation>Back (Alt+←)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Path taken (Enter on a step goes back to it)</source>
        <translation>Path taken (Enter on a step goes back to it)</translation>
    </message>
    <message>
        <source>Path taken</source>
        <translation>Path taken</translation>
    </message>
    <message>
        <source>Step text</source>
        <translation>Step text</translation>
    </message>
</context>
<context>
    <name>FlowsWorkspace</name>
    <message>
        <source>Editor</source>
        <translation>Editor</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>Analytics</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>Flows</translation>
    </message>
</context>
<context>
    <name>ForceStateDialog</name>
    <message>
        <source>Force state</source>
        <translation>Force state</translation>
    </message>
    <message>
        <source>Set the state of {name} (now: {state}).</source>
        <translation>Set the state of {name} (now: {state}).</translation>
    </message>
    <message>
        <source>Why (kept in the audit trail)</source>
        <translation>Why (kept in the audit trail)</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>&amp;State:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
</context>
<context>
    <name>FullScreenBoard</name>
    <message>
        <source>Wallboard</source>
        <translation>Wallboard</translation>
    </message>
    <message>
        <source>Press Esc to leave full screen</source>
        <translation>Press Esc to leave full screen</translation>
    </message>
    <message>
        <source>Not current: last update {time}</source>
        <translation>Not current: last update {time}</translation>
    </message>
    <message>
        <source>As of {time}</source>
        <translation>As of {time}</translation>
    </message>
    <message>
        <source>Waiting for the first figures…</source>
        <translation>Waiting for the first figures…</translation>
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
    <message>
        <source>shown in full for {s} more seconds</source>
        <translation>shown in full for {s} more seconds</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Show in full (asks for a reason; recorded)</source>
        <translation>Show in full (asks for a reason; recorded)</translation>
    </message>
    <message>
        <source>Open the most urgent complaint beside the customer</source>
        <translation>Open the most urgent complaint beside the customer</translation>
    </message>
</context>
<context>
    <name>IntakeConfirmation</name>
    <message>
        <source>Copied</source>
        <translation>Copied</translation>
    </message>
    <message>
        <source>Complaint recorded</source>
        <translation>Complaint recorded</translation>
    </message>
    <message>
        <source>Complaint {number} recorded</source>
        <translation>Complaint {number} recorded</translation>
    </message>
    <message>
        <source>Regulator's deadline: {due}</source>
        <translation>Regulator's deadline: {due}</translation>
    </message>
    <message>
        <source>No regulatory deadline</source>
        <translation>No regulatory deadline</translation>
    </message>
    <message>
        <source>Merged into {number}, which keeps its own deadline.</source>
        <translation>Merged into {number}, which keeps its own deadline.</translation>
    </message>
    <message>
        <source>To read to the customer: {spoken}</source>
        <translation>To read to the customer: {spoken}</translation>
    </message>
    <message>
        <source>Open ticket</source>
        <translation>Open ticket</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>Copy number</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>Unfinished intake restored</source>
        <translation>Unfinished intake restored</translation>
    </message>
    <message>
        <source>Complaint from {name} ({cif})</source>
        <translation>Complaint from {name} ({cif})</translation>
    </message>
    <message>
        <source>No customer (anonymous or referred)</source>
        <translation>No customer (anonymous or referred)</translation>
    </message>
    <message>
        <source>Choose a category…</source>
        <translation>Choose a category…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Team queue (nobody yet)</source>
        <translation>Team queue (nobody yet)</translation>
    </message>
    <message>
        <source>Myself</source>
        <translation>Myself</translation>
    </message>
    <message>
        <source>Choose the complaint category.</source>
        <translation>Choose the complaint category.</translation>
    </message>
    <message>
        <source>Write a short summary of the complaint.</source>
        <translation>Write a short summary of the complaint.</translation>
    </message>
    <message>
        <source>Give the reason the case is complex.</source>
        <translation>Give the reason the case is complex.</translation>
    </message>
    <message>
        <source>Draft saved {time}</source>
        <translation>Draft saved {time}</translation>
    </message>
    <message>
        <source>Merge into {number} ({category}, due {due}); the deadline is kept</source>
        <translation>Merge into {number} ({category}, due {due}); the deadline is kept</translation>
    </message>
    <message>
        <source>Record as a new complaint</source>
        <translation>Record as a new complaint</translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation>New complaint</translation>
    </message>
    <message>
        <source>Received through</source>
        <translation>Received through</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Referral date and reference</source>
        <translation>Referral date and reference</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Customer asks for</source>
        <translation>Customer asks for</translation>
    </message>
    <message>
        <source>Employee complained about</source>
        <translation>Employee complained about</translation>
    </message>
    <message>
        <source>Branch complained about</source>
        <translation>Branch complained about</translation>
    </message>
    <message>
        <source>Complainant</source>
        <translation>Complainant</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>Handler</translation>
    </message>
    <message>
        <source>Complexity</source>
        <translation>Complexity</translation>
    </message>
    <message>
        <source>Referral reference</source>
        <translation>Referral reference</translation>
    </message>
    <message>
        <source>One line, up to 200 characters</source>
        <translation>One line, up to 200 characters</translation>
    </message>
    <message>
        <source>Refund, apology, correction…</source>
        <translation>Refund, apology, correction…</translation>
    </message>
    <message>
        <source>Type a name or username</source>
        <translation>Type a name or username</translation>
    </message>
    <message>
        <source>Identity verified</source>
        <translation>Identity verified</translation>
    </message>
    <message>
        <source>Complex case (30-day deadline)</source>
        <translation>Complex case (30-day deadline)</translation>
    </message>
    <message>
        <source>Why the case is complex</source>
        <translation>Why the case is complex</translation>
    </message>
    <message>
        <source>This may repeat an open complaint</source>
        <translation>This may repeat an open complaint</translation>
    </message>
    <message>
        <source>Record complaint</source>
        <translation>Record complaint</translation>
    </message>
    <message>
        <source>Keep as draft</source>
        <translation>Keep as draft</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>Discard draft</translation>
    </message>
</context>
<context>
    <name>IssuePanel</name>
    <message>
        <source>Choose the service first.</source>
        <translation>Choose the service first.</translation>
    </message>
    <message>
        <source>Only for VIP customers</source>
        <translation>Only for VIP customers</translation>
    </message>
    <message>
        <source>Suggested: {service}</source>
        <translation>Suggested: {service}</translation>
    </message>
    <message>
        <source>Walk-in customer without identification</source>
        <translation>Walk-in customer without identification</translation>
    </message>
    <message>
        <source>For {name}</source>
        <translation>For {name}</translation>
    </message>
    <message>
        <source>Already holds a number today</source>
        <translation>Already holds a number today</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>called to {counter}</source>
        <translation>called to {counter}</translation>
    </message>
    <message>
        <source>being served</source>
        <translation>being served</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <source>Issued {time}</source>
        <translation>Issued {time}</translation>
    </message>
    <message>
        <source>Number issued</source>
        <translation>Number issued</translation>
    </message>
    <message>
        <source>People ahead: {n}</source>
        <translation>People ahead: {n}</translation>
    </message>
    <message>
        <source>No counter is open for this service right now</source>
        <translation>No counter is open for this service right now</translation>
    </message>
    <message>
        <source>Estimated wait: about {n} min</source>
        <translation>Estimated wait: about {n} min</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>The printer did not print: the number is issued and shown on screen</source>
        <translation>The printer did not print: the number is issued and shown on screen</translation>
    </message>
    <message>
        <source>The number was also sent by SMS.</source>
        <translation>The number was also sent by SMS.</translation>
    </message>
    <message>
        <source>Issue a number</source>
        <translation>Issue a number</translation>
    </message>
    <message>
        <source>No services are set up for this branch yet; ask an administrator.</source>
        <translation>No services are set up for this branch yet; ask an administrator.</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Elderly</source>
        <translation>Elderly</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>The customer agrees to an SMS when their turn is near</source>
        <translation>The customer agrees to an SMS when their turn is near</translation>
    </message>
    <message>
        <source>Issue number</source>
        <translation>Issue number</translation>
    </message>
    <message>
        <source>Issue and print the number ({key})</source>
        <translation>Issue and print the number ({key})</translation>
    </message>
</context>
<context>
    <name>LobbyCodes</name>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Being served</source>
        <translation>Being served</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Not possible</source>
        <translation>Not possible</translation>
    </message>
    <message>
        <source>Redirected</source>
        <translation>Redirected</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Missed</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>Contacted</translation>
    </message>
    <message>
        <source>Appointment made</source>
        <translation>Appointment made</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Won</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>Deposits</source>
        <translation>Deposits</translation>
    </message>
    <message>
        <source>Wealth management</source>
        <translation>Wealth management</translation>
    </message>
    <message>
        <source>Funds</source>
        <translation>Funds</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>Insurance</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>Loans</translation>
    </message>
    <message>
        <source>Credit cards</source>
        <translation>Credit cards</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>under ¥50k</source>
        <translation>under ¥50k</translation>
    </message>
    <message>
        <source>¥50k–500k</source>
        <translation>¥50k–500k</translation>
    </message>
    <message>
        <source>¥500k–3M</source>
        <translation>¥500k–3M</translation>
    </message>
    <message>
        <source>over ¥3M</source>
        <translation>over ¥3M</translation>
    </message>
    <message>
        <source>Elderly</source>
        <translation>Elderly</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
</context>
<context>
    <name>LobbySeat</name>
    <message>
        <source>Branch lobby</source>
        <translation>Branch lobby</translation>
    </message>
    <message>
        <source>Lobby &amp;display</source>
        <translation>Lobby &amp;display</translation>
    </message>
</context>
<context>
    <name>LobbyWorkspace</name>
    <message>
        <source>Check-in</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <source>Lobby board</source>
        <translation>Lobby board</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Appointments</translation>
    </message>
    <message>
        <source>Referral report</source>
        <translation>Referral report</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Locked — {name} ({username})</source>
        <translation>Locked — {name} ({username})</translation>
    </message>
    <message>
        <source>Customer data is hidden. Enter your password to continue, or switch user to sign out.</source>
        <translation>Customer data is hidden. Enter your password to continue, or switch user to sign out.</translation>
    </message>
    <message>
        <source>Your sign-in to the database is running out. Enter your password to renew it.</source>
        <translation>Your sign-in to the database is running out. Enter your password to renew it.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Switch user</translation>
    </message>
</context>
<context>
    <name>LostDialog</name>
    <message>
        <source>Not interested</source>
        <translation>Not interested</translation>
    </message>
    <message>
        <source>Bought elsewhere</source>
        <translation>Bought elsewhere</translation>
    </message>
    <message>
        <source>Could not be reached</source>
        <translation>Could not be reached</translation>
    </message>
    <message>
        <source>Not eligible</source>
        <translation>Not eligible</translation>
    </message>
    <message>
        <source>Referral lost</source>
        <translation>Referral lost</translation>
    </message>
    <message>
        <source>Why did {customer} not go ahead?</source>
        <translation>Why did {customer} not go ahead?</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
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
    <message>
        <source>Customers</source>
        <translation>Customers</translation>
    </message>
    <message>
        <source>Complaints &amp;&amp; tickets</source>
        <translation>Complaints &amp;&amp; tickets</translation>
    </message>
    <message>
        <source>Message templates</source>
        <translation>Message templates</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Campaigns</translation>
    </message>
    <message>
        <source>Outbox issues</source>
        <translation>Outbox issues</translation>
    </message>
    <message>
        <source>Phone line down: {reason}</source>
        <translation>Phone line down: {reason}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <source>&amp;Switch user…</source>
        <translation>&amp;Switch user…</translation>
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
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;About ContactDesk</source>
        <translation>&amp;About ContactDesk</translation>
    </message>
    <message>
        <source>Service flows</source>
        <translation>Service flows</translation>
    </message>
</context>
<context>
    <name>ManagerNotices</name>
    <message>
        <source>Your customer {name} (number {number}) is in the lobby.</source>
        <translation>Your customer {name} (number {number}) is in the lobby.</translation>
    </message>
    <message>
        <source>One of your customers is in the lobby.</source>
        <translation>One of your customers is in the lobby.</translation>
    </message>
    <message>
        <source>{who} asks you to come and greet them.</source>
        <translation>{who} asks you to come and greet them.</translation>
    </message>
</context>
<context>
    <name>MemoPanel</name>
    <message>
        <source>Type the note first.</source>
        <translation>Type the note first.</translation>
    </message>
    <message>
        <source>Type what is to be done first.</source>
        <translation>Type what is to be done first.</translation>
    </message>
    <message>
        <source>Someone changed this to-do meanwhile; the list is shown again as it is now.</source>
        <translation>Someone changed this to-do meanwhile; the list is shown again as it is now.</translation>
    </message>
    <message>
        <source>Find a customer to see and add their notes and to-dos.</source>
        <translation>Find a customer to see and add their notes and to-dos.</translation>
    </message>
    <message>
        <source>No notes or open to-dos. Add one below for whoever serves them next.</source>
        <translation>No notes or open to-dos. Add one below for whoever serves them next.</translation>
    </message>
    <message>
        <source>Service memo</source>
        <translation>Service memo</translation>
    </message>
    <message>
        <source>Show done</source>
        <translation>Show done</translation>
    </message>
    <message>
        <source>A note for whoever serves this customer…</source>
        <translation>A note for whoever serves this customer…</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>Save the note (Enter in the box)</source>
        <translation>Save the note (Enter in the box)</translation>
    </message>
    <message>
        <source>A to-do, e.g. call back about the deposit…</source>
        <translation>A to-do, e.g. call back about the deposit…</translation>
    </message>
    <message>
        <source>Due date of the to-do</source>
        <translation>Due date of the to-do</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>New note</translation>
    </message>
    <message>
        <source>New to-do</source>
        <translation>New to-do</translation>
    </message>
    <message>
        <source>Add to-do</source>
        <translation>Add to-do</translation>
    </message>
    <message>
        <source>Save the to-do with its due date (Enter in the box)</source>
        <translation>Save the to-do with its due date (Enter in the box)</translation>
    </message>
</context>
<context>
    <name>MemoRow</name>
    <message>
        <source>To-do</source>
        <translation>To-do</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>due {when}</source>
        <translation>due {when}</translation>
    </message>
    <message>
        <source>done {when}</source>
        <translation>done {when}</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Mark this to-do as done</source>
        <translation>Mark this to-do as done</translation>
    </message>
</context>
<context>
    <name>MessageDialog</name>
    <message>
        <source>Send message</source>
        <translation>Send message</translation>
    </message>
    <message>
        <source>A short message for {name}'s desk ({most} characters at most).</source>
        <translation>A short message for {name}'s desk ({most} characters at most).</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Message:</translation>
    </message>
    <message>
        <source>{n} / {most}</source>
        <translation>{n} / {most}</translation>
    </message>
</context>
<context>
    <name>MessagingCommon</name>
    <message>
        <source>{encoding} · {length}/{capacity} · {n} SMS</source>
        <translation>{encoding} · {length}/{capacity} · {n} SMS</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chinese</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
</context>
<context>
    <name>MoveCallDialog</name>
    <message>
        <source>Move to queue</source>
        <translation>Move to queue</translation>
    </message>
    <message>
        <source>Move waiting call {id} to another queue; it keeps its place in the order of waiting.</source>
        <translation>Move waiting call {id} to another queue; it keeps its place in the order of waiting.</translation>
    </message>
    <message>
        <source>&amp;Queue:</source>
        <translation>&amp;Queue:</translation>
    </message>
</context>
<context>
    <name>NoteComposer</name>
    <message>
        <source>Draft from {time} restored</source>
        <translation>Draft from {time} restored</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>Draft saved</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Note added</translation>
    </message>
    <message>
        <source>Write a note: what was done, what the customer said…</source>
        <translation>Write a note: what was done, what the customer said…</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Customer contacted</source>
        <translation>Customer contacted</translation>
    </message>
    <message>
        <source>Counts as an update to the customer for the service-level clocks</source>
        <translation>Counts as an update to the customer for the service-level clocks</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>Unsaved text restored from this computer</source>
        <translation>Unsaved text restored from this computer</translation>
    </message>
    <message>
        <source>Not saved yet: the database did not answer. Kept on this computer; saved when it is back.</source>
        <translation>Not saved yet: the database did not answer. Kept on this computer; saved when it is back.</translation>
    </message>
    <message>
        <source>Draft not saved: the database did not answer.</source>
        <translation>Draft not saved: the database did not answer.</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Offline: the database cannot be reached.</source>
        <translation>Offline: the database cannot be reached.</translation>
    </message>
    <message>
        <source>Live updates paused: the gateway cannot be reached.</source>
        <translation>Live updates paused: the gateway cannot be reached.</translation>
    </message>
    <message>
        <source>Data shown as of %1 may be out of date.</source>
        <translation>Data shown as of %1 may be out of date.</translation>
    </message>
    <message>
        <source>Everything you type is kept on this computer and saved when the connection returns.</source>
        <translation>Everything you type is kept on this computer and saved when the connection returns.</translation>
    </message>
    <message>
        <source>Unsaved changes kept: %1</source>
        <translation>Unsaved changes kept: %1</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Retry now</translation>
    </message>
</context>
<context>
    <name>OutboxIssuesPage</name>
    <message>
        <source>Outbox issues</source>
        <translation>Outbox issues</translation>
    </message>
    <message>
        <source>Messages whose outcome is unknown (a timeout or a server error) or that failed. Mark one as sent when the customer confirms it arrived, or send it again.</source>
        <translation>Messages whose outcome is unknown (a timeout or a server error) or that failed. Mark one as sent when the customer confirms it arrived, or send it again.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Mark as sent</source>
        <translation>Mark as sent</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Send again</translation>
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
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>No messages need attention.</source>
        <translation>No messages need attention.</translation>
    </message>
    <message>
        <source>{n} messages need attention.</source>
        <translation>{n} messages need attention.</translation>
    </message>
    <message>
        <source>How do you know it arrived? (e.g. the customer confirmed it on the phone)</source>
        <translation>How do you know it arrived? (e.g. the customer confirmed it on the phone)</translation>
    </message>
    <message>
        <source>The outcome of this message is unknown: it may have reached the customer already. Sending it again may give the customer the same message twice. Send it again?</source>
        <translation>The outcome of this message is unknown: it may have reached the customer already. Sending it again may give the customer the same message twice. Send it again?</translation>
    </message>
    <message>
        <source>The message failed ({code}). Send it again to {to}?</source>
        <translation>The message failed ({code}). Send it again to {to}?</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Queued again as message #{id}.</source>
        <translation>Queued again as message #{id}.</translation>
    </message>
    <message>
        <source>Marked as sent.</source>
        <translation>Marked as sent.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
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
        <source>Last 12 months: {counts}</source>
        <translation>Last 12 months: {counts}</translation>
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
    <name>PresenceBanner</name>
    <message>
        <source>%1 is editing this record</source>
        <translation>%1 is editing this record</translation>
    </message>
    <message>
        <source>%1 are editing this record</source>
        <translation>%1 are editing this record</translation>
    </message>
    <message>
        <source>%1 is viewing</source>
        <translation>%1 is viewing</translation>
    </message>
    <message>
        <source>%1 are viewing</source>
        <translation>%1 are viewing</translation>
    </message>
    <message>
        <source>your changes may conflict</source>
        <translation>your changes may conflict</translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>CIF number</source>
        <translation>CIF number</translation>
    </message>
    <message>
        <source>Start preview</source>
        <translation>Start preview</translation>
    </message>
    <message>
        <source>the answer: a digit for a choice, y/n, a number or a text</source>
        <translation>the answer: a digit for a choice, y/n, a number or a text</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Preview run</source>
        <translation>Preview run</translation>
    </message>
    <message>
        <source>No customer with that CIF number.</source>
        <translation>No customer with that CIF number.</translation>
    </message>
    <message>
        <source>Action (preview: not done): {what}</source>
        <translation>Action (preview: not done): {what}</translation>
    </message>
    <message>
        <source>End · outcome {outcome}</source>
        <translation>End · outcome {outcome}</translation>
    </message>
</context>
<context>
    <name>ProblemList</name>
    <message>
        <source>No problems found.</source>
        <translation>No problems found.</translation>
    </message>
</context>
<context>
    <name>QueueRulesButton</name>
    <message>
        <source>Queue rules…</source>
        <translation>Queue rules…</translation>
    </message>
    <message>
        <source>How each queue's service level is counted, and when it alerts</source>
        <translation>How each queue's service level is counted, and when it alerts</translation>
    </message>
</context>
<context>
    <name>QueueRulesDialog</name>
    <message>
        <source>Queue rules</source>
        <translation>Queue rules</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Answered within</source>
        <translation>Answered within</translation>
    </message>
    <message>
        <source>Service level target</source>
        <translation>Service level target</translation>
    </message>
    <message>
        <source>Short abandon up to</source>
        <translation>Short abandon up to</translation>
    </message>
    <message>
        <source>Abandons</source>
        <translation>Abandons</translation>
    </message>
    <message>
        <source>Daily reset</source>
        <translation>Daily reset</translation>
    </message>
    <message>
        <source>Waiting calls: warning</source>
        <translation>Waiting calls: warning</translation>
    </message>
    <message>
        <source>Waiting calls: critical</source>
        <translation>Waiting calls: critical</translation>
    </message>
    <message>
        <source>Longest wait: warning</source>
        <translation>Longest wait: warning</translation>
    </message>
    <message>
        <source>Longest wait: critical</source>
        <translation>Longest wait: critical</translation>
    </message>
    <message>
        <source>Leave short abandons out</source>
        <translation>Leave short abandons out</translation>
    </message>
    <message>
        <source>Count every abandon against the level</source>
        <translation>Count every abandon against the level</translation>
    </message>
    <message>
        <source>Leave every abandon out</source>
        <translation>Leave every abandon out</translation>
    </message>
    <message>
        <source>Loading the queues…</source>
        <translation>Loading the queues…</translation>
    </message>
    <message>
        <source>There are no queues to set up.</source>
        <translation>There are no queues to set up.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Another supervisor saved this queue meanwhile: {theirs} Your values are kept; Save replaces them.</source>
        <translation>Another supervisor saved this queue meanwhile: {theirs} Your values are kept; Save replaces them.</translation>
    </message>
</context>
<context>
    <name>QueueTile</name>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <source>Service level
target {target} %</source>
        <translation>Service level
target {target} %</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandoned</translation>
    </message>
    <message>
        <source>Short abandons</source>
        <translation>Short abandons</translation>
    </message>
    <message>
        <source>ASA</source>
        <translation>ASA</translation>
    </message>
    <message>
        <source>AHT</source>
        <translation>AHT</translation>
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
    <name>ReasonRow</name>
    <message>
        <source>Maturing</source>
        <translation>Maturing</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>Birthday</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Reminder</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Referral</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Urgent: {text}</source>
        <translation>Urgent: {text}</translation>
    </message>
    <message>
        <source>by {when}</source>
        <translation>by {when}</translation>
    </message>
</context>
<context>
    <name>RecognitionCardWidget</name>
    <message>
        <source>no customer manager</source>
        <translation>no customer manager</translation>
    </message>
    <message>
        <source>Manager: {manager} · Branch: {branch}</source>
        <translation>Manager: {manager} · Branch: {branch}</translation>
    </message>
    <message>
        <source>Holds number {number} today ({service}, {status})</source>
        <translation>Holds number {number} today ({service}, {status})</translation>
    </message>
    <message>
        <source>Customer of another branch ({branch}). Only this minimal card is shown: the full record is not available at this branch.</source>
        <translation>Customer of another branch ({branch}). Only this minimal card is shown: the full record is not available at this branch.</translation>
    </message>
    <message>
        <source>Likely reasons today</source>
        <translation>Likely reasons today</translation>
    </message>
    <message>
        <source>Nothing due today: ask the customer what brings them in.</source>
        <translation>Nothing due today: ask the customer what brings them in.</translation>
    </message>
    <message>
        <source>Issue number</source>
        <translation>Issue number</translation>
    </message>
    <message>
        <source>Issue a number for the service chosen on the right (Ctrl+I)</source>
        <translation>Issue a number for the service chosen on the right (Ctrl+I)</translation>
    </message>
    <message>
        <source>Refer to manager</source>
        <translation>Refer to manager</translation>
    </message>
    <message>
        <source>Refer the customer to a customer manager ({key})</source>
        <translation>Refer the customer to a customer manager ({key})</translation>
    </message>
    <message>
        <source>Book appointment</source>
        <translation>Book appointment</translation>
    </message>
    <message>
        <source>Book a time at a branch ({key})</source>
        <translation>Book a time at a branch ({key})</translation>
    </message>
    <message>
        <source>Open 360°</source>
        <translation>Open 360°</translation>
    </message>
    <message>
        <source>Open the customer's full record ({key})</source>
        <translation>Open the customer's full record ({key})</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <source>Refer to a customer manager</source>
        <translation>Refer to a customer manager</translation>
    </message>
    <message>
        <source>Refer {name} to a customer manager</source>
        <translation>Refer {name} to a customer manager</translation>
    </message>
    <message>
        <source>Refer the customer to a customer manager</source>
        <translation>Refer the customer to a customer manager</translation>
    </message>
    <message>
        <source>Deposits</source>
        <translation>Deposits</translation>
    </message>
    <message>
        <source>Wealth management</source>
        <translation>Wealth management</translation>
    </message>
    <message>
        <source>Funds</source>
        <translation>Funds</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>Insurance</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>Loans</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Cards</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Under 50,000</source>
        <translation>Under 50,000</translation>
    </message>
    <message>
        <source>50,000 – 500,000</source>
        <translation>50,000 – 500,000</translation>
    </message>
    <message>
        <source>500,000 – 3 million</source>
        <translation>500,000 – 3 million</translation>
    </message>
    <message>
        <source>Over 3 million</source>
        <translation>Over 3 million</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>Not known</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High: the customer is waiting now</source>
        <translation>High: the customer is waiting now</translation>
    </message>
    <message>
        <source>The customer agrees to be contacted by the customer manager</source>
        <translation>The customer agrees to be contacted by the customer manager</translation>
    </message>
    <message>
        <source>What the manager should know (optional)</source>
        <translation>What the manager should know (optional)</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>Interest</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>Refer</translation>
    </message>
    <message>
        <source>Send the referral to the customer manager (Enter)</source>
        <translation>Send the referral to the customer manager (Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Close without referring (Esc)</source>
        <translation>Close without referring (Esc)</translation>
    </message>
    <message>
        <source>Ask the customer first: they must agree to be contacted before they are referred.</source>
        <translation>Ask the customer first: they must agree to be contacted before they are referred.</translation>
    </message>
    <message>
        <source>the branch's customer managers</source>
        <translation>the branch's customer managers</translation>
    </message>
    <message>
        <source>Referred to {manager}.</source>
        <translation>Referred to {manager}.</translation>
    </message>
    <message>
        <source>They are asked to accept it by {time}.</source>
        <translation>They are asked to accept it by {time}.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ReferralInbox</name>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>Interest</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Accept by</source>
        <translation>Accept by</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <source>Referrals to me</source>
        <translation>Referrals to me</translation>
    </message>
    <message>
        <source>Referrals I made</source>
        <translation>Referrals I made</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>Contacted</translation>
    </message>
    <message>
        <source>Appointment…</source>
        <translation>Appointment…</translation>
    </message>
    <message>
        <source>Won…</source>
        <translation>Won…</translation>
    </message>
    <message>
        <source>Lost…</source>
        <translation>Lost…</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>Open customer</translation>
    </message>
    <message>
        <source>Open the customer's 360° view (Enter or double-click)</source>
        <translation>Open the customer's 360° view (Enter or double-click)</translation>
    </message>
    <message>
        <source>No referrals for you</source>
        <translation>No referrals for you</translation>
    </message>
    <message>
        <source>Customers referred to you by the lobby or the call centre appear here; new ones first.</source>
        <translation>Customers referred to you by the lobby or the call centre appear here; new ones first.</translation>
    </message>
    <message>
        <source>You sent no referrals in the last 30 days</source>
        <translation>You sent no referrals in the last 30 days</translation>
    </message>
    <message>
        <source>Refer a customer from the lobby check-in or the customer view; here you see what became of it.</source>
        <translation>Refer a customer from the lobby check-in or the customer view; here you see what became of it.</translation>
    </message>
    <message>
        <source>{n} open, {late} overdue.</source>
        <translation>{n} open, {late} overdue.</translation>
    </message>
    <message>
        <source>overdue since {time}</source>
        <translation>overdue since {time}</translation>
    </message>
    <message>
        <source>{status} · urgent</source>
        <translation>{status} · urgent</translation>
    </message>
    <message>
        <source>Won {amount}</source>
        <translation>Won {amount}</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Won</translation>
    </message>
    <message>
        <source>Lost: {reason}</source>
        <translation>Lost: {reason}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>unassigned</translation>
    </message>
    <message>
        <source>The referral could not be changed ({error}).</source>
        <translation>The referral could not be changed ({error}).</translation>
    </message>
</context>
<context>
    <name>ReferralReport</name>
    <message>
        <source>Referrer</source>
        <translation>Referrer</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Won</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Won amount</source>
        <translation>Won amount</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>Conversion</translation>
    </message>
    <message>
        <source>Referrals by month</source>
        <translation>Referrals by month</translation>
    </message>
    <message>
        <source>Referrals by referrer and branch</source>
        <translation>Referrals by referrer and branch</translation>
    </message>
    <message>
        <source>&amp;Month:</source>
        <translation>&amp;Month:</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Save this table as an .xlsx workbook</source>
        <translation>Save this table as an .xlsx workbook</translation>
    </message>
    <message>
        <source>No referrals in {month}</source>
        <translation>No referrals in {month}</translation>
    </message>
    <message>
        <source>Choose another month, or refer customers from the lobby and the calls.</source>
        <translation>Choose another month, or refer customers from the lobby and the calls.</translation>
    </message>
    <message>
        <source>referrals-{month}.xlsx</source>
        <translation>referrals-{month}.xlsx</translation>
    </message>
    <message>
        <source>Export referrals</source>
        <translation>Export referrals</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>Could not save {path}: {error}</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>Saved {path}.</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Service level and volume</source>
        <translation>Service level and volume</translation>
    </message>
    <message>
        <source>ASA, AHT and abandons</source>
        <translation>ASA, AHT and abandons</translation>
    </message>
    <message>
        <source>Agent performance</source>
        <translation>Agent performance</translation>
    </message>
    <message>
        <source>First-contact resolution</source>
        <translation>First-contact resolution</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>Customer value (Pareto)</source>
        <translation>Customer value (Pareto)</translation>
    </message>
    <message>
        <source>Tiers by branch</source>
        <translation>Tiers by branch</translation>
    </message>
    <message>
        <source>Lifecycle funnel</source>
        <translation>Lifecycle funnel</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Campaigns</translation>
    </message>
    <message>
        <source>Customer satisfaction</source>
        <translation>Customer satisfaction</translation>
    </message>
    <message>
        <source>No calls in the chosen dates and queues.</source>
        <translation>No calls in the chosen dates and queues.</translation>
    </message>
    <message>
        <source>Service level (%)</source>
        <translation>Service level (%)</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>Offered</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Interval</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Answered within threshold</source>
        <translation>Answered within threshold</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandoned</translation>
    </message>
    <message>
        <source>Short abandons</source>
        <translation>Short abandons</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>ASA (s)</source>
        <translation>ASA (s)</translation>
    </message>
    <message>
        <source>AHT (s)</source>
        <translation>AHT (s)</translation>
    </message>
    <message>
        <source>Abandon rate (%)</source>
        <translation>Abandon rate (%)</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>Seconds</translation>
    </message>
    <message>
        <source>No agent handled a call in the chosen dates and teams.</source>
        <translation>No agent handled a call in the chosen dates and teams.</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Occupancy (%)</source>
        <translation>Occupancy (%)</translation>
    </message>
    <message>
        <source>Wrap-ups over limit</source>
        <translation>Wrap-ups over limit</translation>
    </message>
    <message>
        <source>Top dispositions</source>
        <translation>Top dispositions</translation>
    </message>
    <message>
        <source>No resolved calls of known customers in the chosen dates and queues.</source>
        <translation>No resolved calls of known customers in the chosen dates and queues.</translation>
    </message>
    <message>
        <source>First-contact resolution (%)</source>
        <translation>First-contact resolution (%)</translation>
    </message>
    <message>
        <source>Resolved calls</source>
        <translation>Resolved calls</translation>
    </message>
    <message>
        <source>No repeat within 7 days</source>
        <translation>No repeat within 7 days</translation>
    </message>
    <message>
        <source>Repeated within 7 days</source>
        <translation>Repeated within 7 days</translation>
    </message>
    <message>
        <source>No complaints were received or decided in the chosen dates and branches.</source>
        <translation>No complaints were received or decided in the chosen dates and branches.</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>On time (%)</source>
        <translation>On time (%)</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>Product line</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Average days to decide</source>
        <translation>Average days to decide</translation>
    </message>
    <message>
        <source>Breaches</source>
        <translation>Breaches</translation>
    </message>
    <message>
        <source>Extensions</source>
        <translation>Extensions</translation>
    </message>
    <message>
        <source>No customers in the chosen branches.</source>
        <translation>No customers in the chosen branches.</translation>
    </message>
    <message>
        <source>Top 20 %</source>
        <translation>Top 20 %</translation>
    </message>
    <message>
        <source>The row marked Top 20 % shows the share of assets the wealthiest fifth of customers hold.</source>
        <translation>The row marked Top 20 % shows the share of assets the wealthiest fifth of customers hold.</translation>
    </message>
    <message>
        <source>No customer in the chosen branches holds any assets.</source>
        <translation>No customer in the chosen branches holds any assets.</translation>
    </message>
    <message>
        <source>Cumulative share of assets (%)</source>
        <translation>Cumulative share of assets (%)</translation>
    </message>
    <message>
        <source>Share of customers (%)</source>
        <translation>Share of customers (%)</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Customers</translation>
    </message>
    <message>
        <source>Share of assets (%)</source>
        <translation>Share of assets (%)</translation>
    </message>
    <message>
        <source>Assets (CNY)</source>
        <translation>Assets (CNY)</translation>
    </message>
    <message>
        <source>Mass</source>
        <translation>Mass</translation>
    </message>
    <message>
        <source>Affluent</source>
        <translation>Affluent</translation>
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
        <source>Private banking</source>
        <translation>Private banking</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Prospect</source>
        <translation>Prospect</translation>
    </message>
    <message>
        <source>Onboarding</source>
        <translation>Onboarding</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Growing</source>
        <translation>Growing</translation>
    </message>
    <message>
        <source>Mature</source>
        <translation>Mature</translation>
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
        <source>Lifecycle stage</source>
        <translation>Lifecycle stage</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>Share (%)</translation>
    </message>
    <message>
        <source>No campaigns were created in the chosen dates.</source>
        <translation>No campaigns were created in the chosen dates.</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>Opted out</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>Delivery rate (%)</source>
        <translation>Delivery rate (%)</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Average score</source>
        <translation>Average score</translation>
    </message>
    <message>
        <source>Replied</source>
        <translation>Replied</translation>
    </message>
    <message>
        <source>Average score (1–5)</source>
        <translation>Average score (1–5)</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Surveys count on the day they were sent; complaint surveys are listed by category at the end.</source>
        <translation>Surveys count on the day they were sent; complaint surveys are listed by category at the end.</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Complaint category</source>
        <translation>Complaint category</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>No satisfaction surveys were sent in the chosen dates, queues and branches.</source>
        <translation>No satisfaction surveys were sent in the chosen dates, queues and branches.</translation>
    </message>
    <message>
        <source>Percent</source>
        <translation>Percent</translation>
    </message>
    <message>
        <source>Response rate</source>
        <translation>Response rate</translation>
    </message>
    <message>
        <source>Response rate %</source>
        <translation>Response rate %</translation>
    </message>
    <message>
        <source>Satisfied (4–5)</source>
        <translation>Satisfied (4–5)</translation>
    </message>
    <message>
        <source>Satisfied (4–5) %</source>
        <translation>Satisfied (4–5) %</translation>
    </message>
    <message>
        <source>Surveys sent</source>
        <translation>Surveys sent</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Nothing to show</source>
        <translation>Nothing to show</translation>
    </message>
    <message>
        <source>The report could not be run ({error}). Check the connection and try again.</source>
        <translation>The report could not be run ({error}). Check the connection and try again.</translation>
    </message>
    <message>
        <source>Generated {when}</source>
        <translation>Generated {when}</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF document (*.pdf)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Export report</translation>
    </message>
    <message>
        <source>Could not write the file: {error}</source>
        <translation>Could not write the file: {error}</translation>
    </message>
    <message>
        <source>Export XLSX</source>
        <translation>Export XLSX</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>Chart PNG</source>
        <translation>Chart PNG</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Report table</source>
        <translation>Report table</translation>
    </message>
</context>
<context>
    <name>ReportsSeat</name>
    <message>
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
</context>
<context>
    <name>RevealDialog</name>
    <message>
        <source>Show in full</source>
        <translation>Show in full</translation>
    </message>
    <message>
        <source>Why do you need to see the full {field}? The reason is recorded.</source>
        <translation>Why do you need to see the full {field}? The reason is recorded.</translation>
    </message>
    <message>
        <source>Choose a reason…</source>
        <translation>Choose a reason…</translation>
    </message>
    <message>
        <source>Details (required for “Other”)</source>
        <translation>Details (required for “Other”)</translation>
    </message>
    <message>
        <source>The value is shown for {seconds} seconds, then masked again.</source>
        <translation>The value is shown for {seconds} seconds, then masked again.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
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
        <source>Enter: open · ↓: into the results · Ctrl+F: back here</source>
        <translation>Enter: open · ↓: into the results · Ctrl+F: back here</translation>
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
        <source>Searched by {kind} · showing the first {count}</source>
        <translation>Searched by {kind} · showing the first {count}</translation>
    </message>
    <message>
        <source>Too many results; showing only the first {count}. Please type more.</source>
        <translation>Too many results; showing only the first {count}. Please type more.</translation>
    </message>
    <message>
        <source>Searched by {kind} · {count} found</source>
        <translation>Searched by {kind} · {count} found</translation>
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
        <source>Search results</source>
        <translation>Search results</translation>
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
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>The keyboard shortcuts of this window, as they are now:</source>
        <translation>The keyboard shortcuts of this window, as they are now:</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>Other keys</source>
        <translation>Other keys</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Database: {db}</source>
        <translation>Database: {db}</translation>
    </message>
    <message>
        <source>Connecting to the database…</source>
        <translation>Connecting to the database…</translation>
    </message>
    <message>
        <source>Sign in — ContactDesk</source>
        <translation>Sign in — ContactDesk</translation>
    </message>
    <message>
        <source>Customer service desktop for retail banking</source>
        <translation>Customer service desktop for retail banking</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Caps Lock is on.</source>
        <translation>Caps Lock is on.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
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
    <name>StepPanel</name>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Title (Chinese)</source>
        <translation>Title (Chinese)</translation>
    </message>
    <message>
        <source>Title (English)</source>
        <translation>Title (English)</translation>
    </message>
    <message>
        <source>Text (Chinese)</source>
        <translation>Text (Chinese)</translation>
    </message>
    <message>
        <source>Text (English)</source>
        <translation>Text (English)</translation>
    </message>
    <message>
        <source>Answer variable</source>
        <translation>Answer variable</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>Personal data</translation>
    </message>
    <message>
        <source>Answer type</source>
        <translation>Answer type</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Limits</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>Questions</translation>
    </message>
    <message>
        <source>Must pass</source>
        <translation>Must pass</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Wrap-up disposition</source>
        <translation>Wrap-up disposition</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>If it fails</source>
        <translation>If it fails</translation>
    </message>
    <message>
        <source>On error</source>
        <translation>On error</translation>
    </message>
    <message>
        <source>Otherwise</source>
        <translation>Otherwise</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Last 4 digits of the ID</source>
        <translation>Last 4 digits of the ID</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>A recent transaction</source>
        <translation>A recent transaction</translation>
    </message>
    <message>
        <source>mask the answer on the timeline and in reports</source>
        <translation>mask the answer on the timeline and in reports</translation>
    </message>
    <message>
        <source>min, max (or the text's maximum length)</source>
        <translation>min, max (or the text's maximum length)</translation>
    </message>
    <message>
        <source>a disposition code, e.g. service.card_loss (empty: the outcome)</source>
        <translation>a disposition code, e.g. service.card_loss (empty: the outcome)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Label (Chinese)</source>
        <translation>Label (Chinese)</translation>
    </message>
    <message>
        <source>Label (English)</source>
        <translation>Label (English)</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Value (English)</source>
        <translation>Value (English)</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <source>Step {id}</source>
        <translation>Step {id}</translation>
    </message>
    <message>
        <source>Choose a step on the canvas</source>
        <translation>Choose a step on the canvas</translation>
    </message>
</context>
<context>
    <name>SurveySettingsButton</name>
    <message>
        <source>Satisfaction surveys…</source>
        <translation>Satisfaction surveys…</translation>
    </message>
    <message>
        <source>Which calls get an SMS survey, per queue</source>
        <translation>Which calls get an SMS survey, per queue</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>New template</source>
        <translation>New template</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Templates</translation>
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
        <source>Chinese</source>
        <translation>Chinese</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <source>one per line, e.g.  deposit_amount: money</source>
        <translation>one per line, e.g.  deposit_amount: money</translation>
    </message>
    <message>
        <source>CIF number</source>
        <translation>CIF number</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>Submit for approval</source>
        <translation>Submit for approval</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Retire</translation>
    </message>
    <message>
        <source>New version</source>
        <translation>New version</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variables</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>Preview for</source>
        <translation>Preview for</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Version {n}: {status}</source>
        <translation>Version {n}: {status}</translation>
    </message>
    <message>
        <source>Variables, line {n}: write name: type</source>
        <translation>Variables, line {n}: write name: type</translation>
    </message>
    <message>
        <source>No customer with that CIF number.</source>
        <translation>No customer with that CIF number.</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Retired</translation>
    </message>
</context>
<context>
    <name>TicketActionBar</name>
    <message>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>Start handling</source>
        <translation>Start handling</translation>
    </message>
    <message>
        <source>Wait for customer</source>
        <translation>Wait for customer</translation>
    </message>
    <message>
        <source>Wait internally</source>
        <translation>Wait internally</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>Take</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>Assign…</translation>
    </message>
    <message>
        <source>Escalate…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <source>Complex case (30 days)…</source>
        <translation>Complex case (30 days)…</translation>
    </message>
    <message>
        <source>Request extension…</source>
        <translation>Request extension…</translation>
    </message>
    <message>
        <source>Decide extension…</source>
        <translation>Decide extension…</translation>
    </message>
    <message>
        <source>Merge repeat…</source>
        <translation>Merge repeat…</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>Decide…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>Reopen…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
</context>
<context>
    <name>TicketCodes</name>
    <message>
        <source>Phone call</source>
        <translation>Phone call</translation>
    </message>
    <message>
        <source>Branch visit</source>
        <translation>Branch visit</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Regulator referral</source>
        <translation>Regulator referral</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>WeChat</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>Major</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Upheld</source>
        <translation>Upheld</translation>
    </message>
    <message>
        <source>Partly upheld</source>
        <translation>Partly upheld</translation>
    </message>
    <message>
        <source>Not upheld</source>
        <translation>Not upheld</translation>
    </message>
    <message>
        <source>Withdrawn by the customer</source>
        <translation>Withdrawn by the customer</translation>
    </message>
    <message>
        <source>ID document checked</source>
        <translation>ID document checked</translation>
    </message>
    <message>
        <source>Verified by phone</source>
        <translation>Verified by phone</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <source>Checked at the counter</source>
        <translation>Checked at the counter</translation>
    </message>
    <message>
        <source>Provided by the regulator</source>
        <translation>Provided by the regulator</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <source>Extension requested</source>
        <translation>Extension requested</translation>
    </message>
    <message>
        <source>Extension approved</source>
        <translation>Extension approved</translation>
    </message>
    <message>
        <source>Extension rejected</source>
        <translation>Extension rejected</translation>
    </message>
    <message>
        <source>Scanned, clean</source>
        <translation>Scanned, clean</translation>
    </message>
    <message>
        <source>Scan pending</source>
        <translation>Scan pending</translation>
    </message>
    <message>
        <source>Not scanned</source>
        <translation>Not scanned</translation>
    </message>
    <message>
        <source>Infected</source>
        <translation>Infected</translation>
    </message>
    <message>
        <source>The action failed ({error}). Check the connection and try again.</source>
        <translation>The action failed ({error}). Check the connection and try again.</translation>
    </message>
</context>
<context>
    <name>TicketDeadline</name>
    <message>
        <source>{days}d {hours}h</source>
        <translation>{days}d {hours}h</translation>
    </message>
    <message>
        <source>{hours}h {minutes}m</source>
        <translation>{hours}h {minutes}m</translation>
    </message>
    <message>
        <source>{minutes}m</source>
        <translation>{minutes}m</translation>
    </message>
    <message>
        <source>Overdue {span}</source>
        <translation>Overdue {span}</translation>
    </message>
    <message>
        <source>No regulatory deadline</source>
        <translation>No regulatory deadline</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Clock stopped; the deadline was {due}</source>
        <translation>Clock stopped; the deadline was {due}</translation>
    </message>
    <message>
        <source>The deadline {due} has passed</source>
        <translation>The deadline {due} has passed</translation>
    </message>
    <message>
        <source>{span} left</source>
        <translation>{span} left</translation>
    </message>
    <message>
        <source>Decide by {due}</source>
        <translation>Decide by {due}</translation>
    </message>
</context>
<context>
    <name>TicketDetails</name>
    <message>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <source>{score} of 5</source>
        <translation>{score} of 5</translation>
    </message>
    <message>
        <source>Received through</source>
        <translation>Received through</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Referral date</source>
        <translation>Referral date</translation>
    </message>
    <message>
        <source>Customer asks for</source>
        <translation>Customer asks for</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Employee complained about</source>
        <translation>Employee complained about</translation>
    </message>
    <message>
        <source>Branch complained about</source>
        <translation>Branch complained about</translation>
    </message>
    <message>
        <source>Complainant's identity</source>
        <translation>Complainant's identity</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Compensation</source>
        <translation>Compensation</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>Satisfaction</translation>
    </message>
</context>
<context>
    <name>TicketDialogs</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Please give the reason.</source>
        <translation>Please give the reason.</translation>
    </message>
    <message>
        <source>Assign ticket</source>
        <translation>Assign ticket</translation>
    </message>
    <message>
        <source>Choose the handler. The employee the complaint is about, and anyone above them in their reporting line, cannot handle it.</source>
        <translation>Choose the handler. The employee the complaint is about, and anyone above them in their reporting line, cannot handle it.</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>Handler</translation>
    </message>
    <message>
        <source>Choose a handler.</source>
        <translation>Choose a handler.</translation>
    </message>
    <message>
        <source>Decide the extension</source>
        <translation>Decide the extension</translation>
    </message>
    <message>
        <source>Ticket {number} asks for a further {days} days beyond {due}. On approval the customer is told the new deadline and the reason.</source>
        <translation>Ticket {number} asks for a further {days} days beyond {due}. On approval the customer is told the new deadline and the reason.</translation>
    </message>
    <message>
        <source>Record decision</source>
        <translation>Record decision</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>Reason (told to the customer)</source>
        <translation>Reason (told to the customer)</translation>
    </message>
    <message>
        <source>Merge a repeat complaint</source>
        <translation>Merge a repeat complaint</translation>
    </message>
    <message>
        <source>Ticket {number} repeats an open complaint. Merging closes it into the original, whose deadline does not change.</source>
        <translation>Ticket {number} repeats an open complaint. Merging closes it into the original, whose deadline does not change.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>{number} · {category} · due {due}</source>
        <translation>{number} · {category} · due {due}</translation>
    </message>
    <message>
        <source>Merge into</source>
        <translation>Merge into</translation>
    </message>
    <message>
        <source>No open complaint of this customer on the same matter.</source>
        <translation>No open complaint of this customer on the same matter.</translation>
    </message>
    <message>
        <source>Choose the original complaint.</source>
        <translation>Choose the original complaint.</translation>
    </message>
</context>
<context>
    <name>TicketDock</name>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Open in tickets workspace</source>
        <translation>Open in tickets workspace</translation>
    </message>
    <message>
        <source>Show this ticket in the tickets workspace, beside your list</source>
        <translation>Show this ticket in the tickets workspace, beside your list</translation>
    </message>
    <message>
        <source>Close the ticket pane</source>
        <translation>Close the ticket pane</translation>
    </message>
</context>
<context>
    <name>TicketHeader</name>
    <message>
        <source>Read out: {spoken}</source>
        <translation>Read out: {spoken}</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>No customer</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>unassigned</translation>
    </message>
    <message>
        <source>Customer: {customer} · Handler: {handler}</source>
        <translation>Customer: {customer} · Handler: {handler}</translation>
    </message>
    <message>
        <source>No regulatory deadline</source>
        <translation>No regulatory deadline</translation>
    </message>
    <message>
        <source>Deadline {due}</source>
        <translation>Deadline {due}</translation>
    </message>
    <message>
        <source>{count} working days left</source>
        <translation>{count} working days left</translation>
    </message>
    <message>
        <source>Working days from today to the deadline, both counted</source>
        <translation>Working days from today to the deadline, both counted</translation>
    </message>
    <message>
        <source>Decided {day}. The customer may ask for a review until {until} ({days} days).</source>
        <translation>Decided {day}. The customer may ask for a review until {until} ({days} days).</translation>
    </message>
    <message>
        <source>Merged into another complaint; its deadline governs.</source>
        <translation>Merged into another complaint; its deadline governs.</translation>
    </message>
    <message>
        <source>working days</source>
        <translation>working days</translation>
    </message>
    <message>
        <source>calendar days</source>
        <translation>calendar days</translation>
    </message>
    <message>
        <source>Extended period: {days} {unit} from receipt (complex case, extension approved)</source>
        <translation>Extended period: {days} {unit} from receipt (complex case, extension approved)</translation>
    </message>
    <message>
        <source>Complex case: {days} {unit} from receipt</source>
        <translation>Complex case: {days} {unit} from receipt</translation>
    </message>
    <message>
        <source>Standard period: {days} {unit} from receipt</source>
        <translation>Standard period: {days} {unit} from receipt</translation>
    </message>
</context>
<context>
    <name>TicketHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Complaint received ({channel})</source>
        <translation>Complaint received ({channel})</translation>
    </message>
    <message>
        <source>Complaint received</source>
        <translation>Complaint received</translation>
    </message>
    <message>
        <source>Assigned to {name}</source>
        <translation>Assigned to {name}</translation>
    </message>
    <message>
        <source>Assignment changed</source>
        <translation>Assignment changed</translation>
    </message>
    <message>
        <source>Status: {old} → {new}</source>
        <translation>Status: {old} → {new}</translation>
    </message>
    <message>
        <source>Customer contacted</source>
        <translation>Customer contacted</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Notice held: no address on file</source>
        <translation>Notice held: no address on file</translation>
    </message>
    <message>
        <source>Notice to the customer</source>
        <translation>Notice to the customer</translation>
    </message>
    <message>
        <source>Deadline warning {level} of {of}</source>
        <translation>Deadline warning {level} of {of}</translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation>Deadline missed</translation>
    </message>
    <message>
        <source>Escalated to {names}</source>
        <translation>Escalated to {names}</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>First response overdue</source>
        <translation>First response overdue</translation>
    </message>
    <message>
        <source>Customer update overdue</source>
        <translation>Customer update overdue</translation>
    </message>
    <message>
        <source>Marked as a complex case; new deadline {day}</source>
        <translation>Marked as a complex case; new deadline {day}</translation>
    </message>
    <message>
        <source>Further extension requested</source>
        <translation>Further extension requested</translation>
    </message>
    <message>
        <source>Extension approved; new deadline {day}</source>
        <translation>Extension approved; new deadline {day}</translation>
    </message>
    <message>
        <source>Extension rejected</source>
        <translation>Extension rejected</translation>
    </message>
    <message>
        <source>Decided: {outcome}</source>
        <translation>Decided: {outcome}</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Reopened; new deadline {day}</source>
        <translation>Reopened; new deadline {day}</translation>
    </message>
    <message>
        <source>Merged into {number}</source>
        <translation>Merged into {number}</translation>
    </message>
    <message>
        <source>Repeat complaint {number} merged in; the deadline is kept</source>
        <translation>Repeat complaint {number} merged in; the deadline is kept</translation>
    </message>
    <message>
        <source>File attached</source>
        <translation>File attached</translation>
    </message>
    <message>
        <source>Survey reply: {score} of 5</source>
        <translation>Survey reply: {score} of 5</translation>
    </message>
    <message>
        <source>Survey reply</source>
        <translation>Survey reply</translation>
    </message>
    <message>
        <source>Details changed</source>
        <translation>Details changed</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
</context>
<context>
    <name>TicketListModel</name>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <source>Names are masked in lists; open the ticket to see it.</source>
        <translation>Names are masked in lists; open the ticket to see it.</translation>
    </message>
</context>
<context>
    <name>TicketListView</name>
    <message>
        <source>Saved filters…</source>
        <translation>Saved filters…</translation>
    </message>
    <message>
        <source> (shared)</source>
        <translation> (shared)</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>Save filter</translation>
    </message>
    <message>
        <source>Name of the filter:</source>
        <translation>Name of the filter:</translation>
    </message>
    <message>
        <source>Exported {count} tickets to {file}.</source>
        <translation>Exported {count} tickets to {file}.</translation>
    </message>
    <message>
        <source>Export tickets</source>
        <translation>Export tickets</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>{count}+ tickets</source>
        <translation>{count}+ tickets</translation>
    </message>
    <message>
        <source>{count} tickets</source>
        <translation>{count} tickets</translation>
    </message>
    <message>
        <source>{number} is not on your list</source>
        <translation>{number} is not on your list</translation>
    </message>
    <message>
        <source>It is open beside the list: its customer is yours to see, the ticket is not yours or your team's.</source>
        <translation>It is open beside the list: its customer is yours to see, the ticket is not yours or your team's.</translation>
    </message>
    <message>
        <source>No tickets match</source>
        <translation>No tickets match</translation>
    </message>
    <message>
        <source>Change or clear the filter to see more.</source>
        <translation>Change or clear the filter to see more.</translation>
    </message>
    <message>
        <source>Nothing at risk</source>
        <translation>Nothing at risk</translation>
    </message>
    <message>
        <source>No open ticket is running out of time.</source>
        <translation>No open ticket is running out of time.</translation>
    </message>
    <message>
        <source>Nothing overdue</source>
        <translation>Nothing overdue</translation>
    </message>
    <message>
        <source>Every open ticket is within its deadline.</source>
        <translation>Every open ticket is within its deadline.</translation>
    </message>
    <message>
        <source>No tickets of yours</source>
        <translation>No tickets of yours</translation>
    </message>
    <message>
        <source>Complaints you register or handle appear here.</source>
        <translation>Complaints you register or handle appear here.</translation>
    </message>
    <message>
        <source>Find tickets</source>
        <translation>Find tickets</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>No tickets</source>
        <translation>No tickets</translation>
    </message>
    <message>
        <source>Tickets of your team appear here as they come in.</source>
        <translation>Tickets of your team appear here as they come in.</translation>
    </message>
    <message>
        <source>My tickets</source>
        <translation>My tickets</translation>
    </message>
    <message>
        <source>Team queue</source>
        <translation>Team queue</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>At risk</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Everything I can see</source>
        <translation>Everything I can see</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>All, including closed</source>
        <translation>All, including closed</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Ticket number or words of the summary</source>
        <translation>Ticket number or words of the summary</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Save filter…</source>
        <translation>Save filter…</translation>
    </message>
    <message>
        <source>Delete filter</source>
        <translation>Delete filter</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Which tickets to show</source>
        <translation>Which tickets to show</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>TicketPanel</name>
    <message>
        <source>No ticket open</source>
        <translation>No ticket open</translation>
    </message>
    <message>
        <source>Choose a ticket in the list to see it here.</source>
        <translation>Choose a ticket in the list to see it here.</translation>
    </message>
    <message>
        <source>Files ({count})</source>
        <translation>Files ({count})</translation>
    </message>
    <message>
        <source>Status changed.</source>
        <translation>Status changed.</translation>
    </message>
    <message>
        <source>The ticket is yours.</source>
        <translation>The ticket is yours.</translation>
    </message>
    <message>
        <source>Closed; the satisfaction survey was sent.</source>
        <translation>Closed; the satisfaction survey was sent.</translation>
    </message>
    <message>
        <source>Assigned.</source>
        <translation>Assigned.</translation>
    </message>
    <message>
        <source>Escalate ticket {number}</source>
        <translation>Escalate ticket {number}</translation>
    </message>
    <message>
        <source>The ticket goes to the team's supervisor; a supervisor's goes to the complaint-management owner.</source>
        <translation>The ticket goes to the team's supervisor; a supervisor's goes to the complaint-management owner.</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Escalate</translation>
    </message>
    <message>
        <source>Escalated.</source>
        <translation>Escalated.</translation>
    </message>
    <message>
        <source>Complex case</source>
        <translation>Complex case</translation>
    </message>
    <message>
        <source>The deadline becomes 30 days from receipt; the customer is told the new date and the reason.</source>
        <translation>The deadline becomes 30 days from receipt; the customer is told the new date and the reason.</translation>
    </message>
    <message>
        <source>Mark complex</source>
        <translation>Mark complex</translation>
    </message>
    <message>
        <source>Marked as a complex case.</source>
        <translation>Marked as a complex case.</translation>
    </message>
    <message>
        <source>Request a further extension</source>
        <translation>Request a further extension</translation>
    </message>
    <message>
        <source>A superior office must approve a further 30 days; someone with that right decides.</source>
        <translation>A superior office must approve a further 30 days; someone with that right decides.</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Extension requested.</source>
        <translation>Extension requested.</translation>
    </message>
    <message>
        <source>Extension approved; the customer is told.</source>
        <translation>Extension approved; the customer is told.</translation>
    </message>
    <message>
        <source>Extension rejected.</source>
        <translation>Extension rejected.</translation>
    </message>
    <message>
        <source>Merged; the original complaint keeps its deadline.</source>
        <translation>Merged; the original complaint keeps its deadline.</translation>
    </message>
    <message>
        <source>Decision recorded; the notice to the customer is on its way.</source>
        <translation>Decision recorded; the notice to the customer is on its way.</translation>
    </message>
    <message>
        <source>Reopen ticket {number}</source>
        <translation>Reopen ticket {number}</translation>
    </message>
    <message>
        <source>The customer is owed a new decision: the deadline is counted afresh from today.</source>
        <translation>The customer is owed a new decision: the deadline is counted afresh from today.</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>Reopened.</source>
        <translation>Reopened.</translation>
    </message>
    <message>
        <source>Export ticket</source>
        <translation>Export ticket</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported to {file}.</source>
        <translation>Exported to {file}.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
</context>
<context>
    <name>TicketPresenceBanner</name>
    <message>
        <source>Others on this ticket</source>
        <translation>Others on this ticket</translation>
    </message>
    <message>
        <source>%1 is editing this ticket</source>
        <translation>%1 is editing this ticket</translation>
    </message>
    <message>
        <source>%1 are editing this ticket</source>
        <translation>%1 are editing this ticket</translation>
    </message>
    <message>
        <source>%1 is viewing this ticket</source>
        <translation>%1 is viewing this ticket</translation>
    </message>
    <message>
        <source>%1 are viewing this ticket</source>
        <translation>%1 are viewing this ticket</translation>
    </message>
    <message>
        <source>a note or decision of yours may cross theirs</source>
        <translation>a note or decision of yours may cross theirs</translation>
    </message>
</context>
<context>
    <name>TicketPrinter</name>
    <message>
        <source>Ticket saved as {path}</source>
        <translation>Ticket saved as {path}</translation>
    </message>
    <message>
        <source>No printer: the number is issued and shown on screen</source>
        <translation>No printer: the number is issued and shown on screen</translation>
    </message>
    <message>
        <source>The printer did not print: the number is issued and shown on screen</source>
        <translation>The printer did not print: the number is issued and shown on screen</translation>
    </message>
    <message>
        <source>Ticket printed</source>
        <translation>Ticket printed</translation>
    </message>
    <message>
        <source>No counter is open for this service right now</source>
        <translation>No counter is open for this service right now</translation>
    </message>
    <message>
        <source>Estimated wait: about {n} min</source>
        <translation>Estimated wait: about {n} min</translation>
    </message>
    <message>
        <source>People ahead of you: {n}</source>
        <translation>People ahead of you: {n}</translation>
    </message>
    <message>
        <source>Issued {time}</source>
        <translation>Issued {time}</translation>
    </message>
    <message>
        <source>Please wait for your number to be called</source>
        <translation>Please wait for your number to be called</translation>
    </message>
</context>
<context>
    <name>TicketResolveDialog</name>
    <message>
        <source>Decide complaint {number}</source>
        <translation>Decide complaint {number}</translation>
    </message>
    <message>
        <source>Record the decision. The customer is sent the notice below; it tells them they may ask for a review within {days} days and names the mediation, arbitration and court routes.</source>
        <translation>Record the decision. The customer is sent the notice below; it tells them they may ask for a review within {days} days and names the mediation, arbitration and court routes.</translation>
    </message>
    <message>
        <source>Record decision and notify</source>
        <translation>Record decision and notify</translation>
    </message>
    <message>
        <source>Amount in CNY, if any</source>
        <translation>Amount in CNY, if any</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Compensation</source>
        <translation>Compensation</translation>
    </message>
    <message>
        <source>Notice to the customer</source>
        <translation>Notice to the customer</translation>
    </message>
    <message>
        <source>Enter the decision.</source>
        <translation>Enter the decision.</translation>
    </message>
    <message>
        <source>The compensation is not an amount.</source>
        <translation>The compensation is not an amount.</translation>
    </message>
    <message>
        <source>The compensation cannot be negative.</source>
        <translation>The compensation cannot be negative.</translation>
    </message>
    <message>
        <source>Draft restored</source>
        <translation>Draft restored</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>Draft saved</translation>
    </message>
    <message>
        <source>Unsaved text restored from this computer</source>
        <translation>Unsaved text restored from this computer</translation>
    </message>
    <message>
        <source>Not saved yet: the database did not answer. Kept on this computer; saved when it is back.</source>
        <translation>Not saved yet: the database did not answer. Kept on this computer; saved when it is back.</translation>
    </message>
</context>
<context>
    <name>TicketsWorkspace</name>
    <message>
        <source>You have {count} unfinished complaint intake(s); nothing typed was lost.</source>
        <translation>You have {count} unfinished complaint intake(s); nothing typed was lost.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
</context>
<context>
    <name>Tile</name>
    <message>
        <source>Available</source>
        <translation>Available</translation>
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
    <name>TransferDialog</name>
    <message>
        <source>Transfer the customer</source>
        <translation>Transfer the customer</translation>
    </message>
    <message>
        <source>The customer keeps their place and waits for the service or counter you choose.</source>
        <translation>The customer keeps their place and waits for the service or counter you choose.</translation>
    </message>
    <message>
        <source>To the &amp;service</source>
        <translation>To the &amp;service</translation>
    </message>
    <message>
        <source>To the c&amp;ounter</source>
        <translation>To the c&amp;ounter</translation>
    </message>
</context>
<context>
    <name>TransferPicker</name>
    <message>
        <source>Could not read who is available ({error}).</source>
        <translation>Could not read who is available ({error}).</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>Colleagues</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Queues</translation>
    </message>
    <message>
        <source>Queue: {queue}</source>
        <translation>Queue: {queue}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Nobody found who can take the call now.</source>
        <translation>Nobody found who can take the call now.</translation>
    </message>
    <message>
        <source>↑↓ choose · Enter transfers · Esc closes</source>
        <translation>↑↓ choose · Enter transfers · Esc closes</translation>
    </message>
    <message>
        <source>no phone set up</source>
        <translation>no phone set up</translation>
    </message>
    <message>
        <source>Transfer the call</source>
        <translation>Transfer the call</translation>
    </message>
    <message>
        <source>Transfer to a colleague who is available, or back to a queue.</source>
        <translation>Transfer to a colleague who is available, or back to a queue.</translation>
    </message>
    <message>
        <source>Name, pinyin, initials or login</source>
        <translation>Name, pinyin, initials or login</translation>
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
    <name>UnknownCallerPage</name>
    <message>
        <source>Number withheld</source>
        <translation>Number withheld</translation>
    </message>
    <message>
        <source>The caller's number is hidden</source>
        <translation>The caller's number is hidden</translation>
    </message>
    <message>
        <source>Ask for their name and ID, then find them with the search. No customer is created from a call with a hidden number.</source>
        <translation>Ask for their name and ID, then find them with the search. No customer is created from a call with a hidden number.</translation>
    </message>
    <message>
        <source>Several customers share this number</source>
        <translation>Several customers share this number</translation>
    </message>
    <message>
        <source>Ask who is calling, then pick them in the call panel, or find them with the search. Nothing is linked until you do.</source>
        <translation>Ask who is calling, then pick them in the call panel, or find them with the search. Nothing is linked until you do.</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Unknown caller</translation>
    </message>
    <message>
        <source>No number</source>
        <translation>No number</translation>
    </message>
    <message>
        <source>This number belongs to no customer. Find the caller with the search, or create them as a new customer from this call.</source>
        <translation>This number belongs to no customer. Find the caller with the search, or create them as a new customer from this call.</translation>
    </message>
    <message>
        <source>This number belongs to no customer. Find the caller with the search.</source>
        <translation>This number belongs to no customer. Find the caller with the search.</translation>
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
        <source>Next steps</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <source>Search for the customer ({key})</source>
        <translation>Search for the customer ({key})</translation>
    </message>
    <message>
        <source>New customer from this call</source>
        <translation>New customer from this call</translation>
    </message>
    <message>
        <source>Pick the caller</source>
        <translation>Pick the caller</translation>
    </message>
</context>
<context>
    <name>WaitingCallsModel</name>
    <message>
        <source>Call</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>Waiting since</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
</context>
<context>
    <name>WallboardPage</name>
    <message>
        <source>Wallboard</source>
        <translation>Wallboard</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>&amp;Queue:</source>
        <translation>&amp;Queue:</translation>
    </message>
    <message>
        <source>Show one team's queues and agents (Alt+T)</source>
        <translation>Show one team's queues and agents (Alt+T)</translation>
    </message>
    <message>
        <source>Show one queue and the agents who take its calls (Alt+Q)</source>
        <translation>Show one queue and the agents who take its calls (Alt+Q)</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <source>Show the wallboard full screen, for a TV ({key}; Esc to leave)</source>
        <translation>Show the wallboard full screen, for a TV ({key}; Esc to leave)</translation>
    </message>
    <message>
        <source>Waiting for the first figures…</source>
        <translation>Waiting for the first figures…</translation>
    </message>
    <message>
        <source>No connection to the wallboard service yet.</source>
        <translation>No connection to the wallboard service yet.</translation>
    </message>
    <message>
        <source>The board fills in as soon as the wallboard service sends the floor's figures.</source>
        <translation>The board fills in as soon as the wallboard service sends the floor's figures.</translation>
    </message>
    <message>
        <source>Not current: last update {time}</source>
        <translation>Not current: last update {time}</translation>
    </message>
    <message>
        <source>As of {time}</source>
        <translation>As of {time}</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>All teams</translation>
    </message>
    <message>
        <source>All queues</source>
        <translation>All queues</translation>
    </message>
</context>
<context>
    <name>WallboardSeat</name>
    <message>
        <source>Wallboard</source>
        <translation>Wallboard</translation>
    </message>
</context>
<context>
    <name>WallboardTexts</name>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Service level = answered within {threshold} s / (answered + abandoned, short abandons within {short} s excluded); resets daily at {reset}</source>
        <translation>Service level = answered within {threshold} s / (answered + abandoned, short abandons within {short} s excluded); resets daily at {reset}</translation>
    </message>
    <message>
        <source>Service level = answered within {threshold} s / (answered + all abandoned); resets daily at {reset}</source>
        <translation>Service level = answered within {threshold} s / (answered + all abandoned); resets daily at {reset}</translation>
    </message>
    <message>
        <source>Service level = answered within {threshold} s / answered (abandons not counted); resets daily at {reset}</source>
        <translation>Service level = answered within {threshold} s / answered (abandons not counted); resets daily at {reset}</translation>
    </message>
    <message>
        <source>Target: {target} %</source>
        <translation>Target: {target} %</translation>
    </message>
    <message>
        <source>ASA = average wait of the answered calls; AHT = average talk + wrap-up of the calls finished today</source>
        <translation>ASA = average wait of the answered calls; AHT = average talk + wrap-up of the calls finished today</translation>
    </message>
    <message>
        <source>Abandoned within {short} s counts as a short abandon</source>
        <translation>Abandoned within {short} s counts as a short abandon</translation>
    </message>
    <message>
        <source>Warning at {w} waiting or a wait of {ws}; critical at {c} waiting or a wait of {cs}</source>
        <translation>Warning at {w} waiting or a wait of {ws}; critical at {c} waiting or a wait of {cs}</translation>
    </message>
    <message>
        <source>longest wait {value} (limit {limit})</source>
        <translation>longest wait {value} (limit {limit})</translation>
    </message>
    <message>
        <source>{value} waiting (limit {limit})</source>
        <translation>{value} waiting (limit {limit})</translation>
    </message>
</context>
<context>
    <name>WebhookIssuesPage</name>
    <message>
        <source>Failed at</source>
        <translation>Failed at</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>IVR key press</source>
        <translation>IVR key press</translation>
    </message>
    <message>
        <source>Call status</source>
        <translation>Call status</translation>
    </message>
    <message>
        <source>SMS status</source>
        <translation>SMS status</translation>
    </message>
    <message>
        <source>SMS reply</source>
        <translation>SMS reply</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Replay</translation>
    </message>
    <message>
        <source>Webhook issues</source>
        <translation>Webhook issues</translation>
    </message>
    <message>
        <source>Webhooks the gateway could not apply because of their data (not because the network or the database was away). They are never retried by themselves: find out what happened, put it right where needed, then mark each one as settled with a note saying what was done.</source>
        <translation>Webhooks the gateway could not apply because of their data (not because the network or the database was away). They are never retried by themselves: find out what happened, put it right where needed, then mark each one as settled with a note saying what was done.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Mark as settled…</source>
        <translation>Mark as settled…</translation>
    </message>
    <message>
        <source>Settle the selected issue (Enter)</source>
        <translation>Settle the selected issue (Enter)</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Error type</source>
        <translation>Error type</translation>
    </message>
    <message>
        <source>Request (phone numbers masked, message text withheld)</source>
        <translation>Request (phone numbers masked, message text withheld)</translation>
    </message>
    <message>
        <source>Select an issue to see its request and error.</source>
        <translation>Select an issue to see its request and error.</translation>
    </message>
    <message>
        <source>Webhook issues ({n})</source>
        <translation>Webhook issues ({n})</translation>
    </message>
    <message>
        <source>New webhook issue: the gateway set a webhook aside. See “Webhook issues”.</source>
        <translation>New webhook issue: the gateway set a webhook aside. See “Webhook issues”.</translation>
    </message>
    <message>
        <source>{n} new webhook issues: the gateway set webhooks aside. See “Webhook issues”.</source>
        <translation>{n} new webhook issues: the gateway set webhooks aside. See “Webhook issues”.</translation>
    </message>
    <message>
        <source>Issue #{id} settled.</source>
        <translation>Issue #{id} settled.</translation>
    </message>
    <message>
        <source>{n} webhook issues are waiting; the newest {shown} are listed.</source>
        <translation>{n} webhook issues are waiting; the newest {shown} are listed.</translation>
    </message>
    <message>
        <source>1 webhook issue is waiting.</source>
        <translation>1 webhook issue is waiting.</translation>
    </message>
    <message>
        <source>{n} webhook issues are waiting.</source>
        <translation>{n} webhook issues are waiting.</translation>
    </message>
    <message>
        <source>No webhook issues to settle</source>
        <translation>No webhook issues to settle</translation>
    </message>
    <message>
        <source>Webhooks the gateway cannot apply because of their data will appear here as they happen.</source>
        <translation>Webhooks the gateway cannot apply because of their data will appear here as they happen.</translation>
    </message>
    <message>
        <source>(withheld, {n} characters)</source>
        <translation>(withheld, {n} characters)</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>{name} settled this issue first; the list shows what is still open.</source>
        <translation>{name} settled this issue first; the list shows what is still open.</translation>
    </message>
    <message>
        <source>Someone else settled this issue first; the list shows what is still open.</source>
        <translation>Someone else settled this issue first; the list shows what is still open.</translation>
    </message>
    <message>
        <source>Say what was done before marking it as settled.</source>
        <translation>Say what was done before marking it as settled.</translation>
    </message>
    <message>
        <source>Could not settle the issue ({error}). Try again.</source>
        <translation>Could not settle the issue ({error}). Try again.</translation>
    </message>
</context>
<context>
    <name>WebhookSettleDialog</name>
    <message>
        <source>Settle webhook issue</source>
        <translation>Settle webhook issue</translation>
    </message>
    <message>
        <source>{summary}
What was done about it? The note is kept with the issue.</source>
        <translation>{summary}
What was done about it? The note is kept with the issue.</translation>
    </message>
    <message>
        <source>e.g. call record added by hand after checking with the caller</source>
        <translation>e.g. call record added by hand after checking with the caller</translation>
    </message>
    <message>
        <source>Mark as settled</source>
        <translation>Mark as settled</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Say what was done before marking it as settled.</source>
        <translation>Say what was done before marking it as settled.</translation>
    </message>
</context>
<context>
    <name>WonDialog</name>
    <message>
        <source>Referral won</source>
        <translation>Referral won</translation>
    </message>
    <message>
        <source>e.g. 500000</source>
        <translation>e.g. 500000</translation>
    </message>
    <message>
        <source>What did {customer} buy for? Amount in yuan.</source>
        <translation>What did {customer} buy for? Amount in yuan.</translation>
    </message>
    <message>
        <source>&amp;Amount (¥):</source>
        <translation>&amp;Amount (¥):</translation>
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
        <source>Overdue +{time}</source>
        <translation>Overdue +{time}</translation>
    </message>
    <message>
        <source>Refer to manager…</source>
        <translation>Refer to manager…</translation>
    </message>
    <message>
        <source>Pass the caller to their customer manager (a product interest, with consent)</source>
        <translation>Pass the caller to their customer manager (a product interest, with consent)</translation>
    </message>
    <message>
        <source>Write the wrap-up on the customer's timeline; a disposition is needed</source>
        <translation>Write the wrap-up on the customer's timeline; a disposition is needed</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <source>Notes for the customer's timeline</source>
        <translation>Notes for the customer's timeline</translation>
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
