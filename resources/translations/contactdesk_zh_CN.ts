<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccessControl</name>
    <message>
        <source>Cannot reach the database ({error}). Check the connection and try again.</source>
        <translation>无法连接数据库（{error}），请检查网络后重试。</translation>
    </message>
    <message>
        <source>Cannot reach the database ({error}).</source>
        <translation>无法连接数据库（{error}）。</translation>
    </message>
</context>
<context>
    <name>AgentsModel</name>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>In state</source>
        <translation>状态时长</translation>
    </message>
    <message>
        <source>Call queue</source>
        <translation>通话队列</translation>
    </message>
    <message>
        <source>Call time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <source>Handled today</source>
        <translation>今日处理</translation>
    </message>
    <message>
        <source>AHT</source>
        <translation>平均处理时长</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>{level}: {queue} — {reasons}</source>
        <translation>{level}：{queue} — {reasons}</translation>
    </message>
</context>
<context>
    <name>AlertNotices</name>
    <message>
        <source>{n} new complaint alerts. Latest: {text}</source>
        <translation>有 {n} 条新的投诉提醒。最新一条：{text}</translation>
    </message>
    <message>
        <source>Complaint {number} passed deadline warning {level} of {of}; decide by {due}.</source>
        <translation>投诉 {number} 已到第 {level}/{of} 个时限预警点，请于 {due} 前作出处理决定。</translation>
    </message>
    <message>
        <source>Complaint {number} missed its deadline ({due}).</source>
        <translation>投诉 {number} 已超过处理期限（{due}）。</translation>
    </message>
    <message>
        <source>Complaint {number} was escalated to you: it missed its deadline ({due}).</source>
        <translation>投诉 {number} 已升级给您：已超过处理期限（{due}）。</translation>
    </message>
    <message>
        <source>Complaint {number} was escalated to you by its handler.</source>
        <translation>投诉 {number} 已由经办人升级给您。</translation>
    </message>
    <message>
        <source>Complaint {number} was escalated to you: its deadline ({due}) is close.</source>
        <translation>投诉 {number} 已升级给您：即将到达处理期限（{due}）。</translation>
    </message>
    <message>
        <source>See “Escalations”.</source>
        <translation>请查看“升级提醒”页。</translation>
    </message>
</context>
<context>
    <name>AnalyticsPanel</name>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行次数</translation>
    </message>
    <message>
        <source>Completion rate</source>
        <translation>完成率</translation>
    </message>
    <message>
        <source>Average duration</source>
        <translation>平均时长</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>All versions</source>
        <translation>全部版本</translation>
    </message>
    <message>
        <source>Drop-off per step</source>
        <translation>各步骤流失</translation>
    </message>
    <message>
        <source>{runs} ({finished} finished, {abandoned} abandoned)</source>
        <translation>{runs}（完成 {finished}，放弃 {abandoned}）</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>Runs that stopped at the step</source>
        <translation>在该步骤中止的运行次数</translation>
    </message>
</context>
<context>
    <name>AppointmentDialog</name>
    <message>
        <source>Book an appointment</source>
        <translation>预约网点服务</translation>
    </message>
    <message>
        <source>Appointment for {name}</source>
        <translation>为{name}预约</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Free times</source>
        <translation>可预约时段</translation>
    </message>
    <message>
        <source>What the appointment is about (optional)</source>
        <translation>预约事项（选填）</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Book the chosen time (Enter)</source>
        <translation>预约所选时段（Enter）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close without booking (Esc)</source>
        <translation>不预约并关闭（Esc）</translation>
    </message>
    <message>
        <source>Reading the free times…</source>
        <translation>正在读取可预约时段…</translation>
    </message>
    <message>
        <source>{start} – {end}   {free} of {capacity} free</source>
        <translation>{start} – {end}   余 {free}/{capacity} 个名额</translation>
    </message>
    <message>
        <source>{start} – {end}   full</source>
        <translation>{start} – {end}   已约满</translation>
    </message>
    <message>
        <source>No times left on this day: choose another day.</source>
        <translation>当天已无可预约时段，请选择其他日期。</translation>
    </message>
    <message>
        <source>Every time on this day is fully booked: choose another day.</source>
        <translation>当天各时段均已约满，请选择其他日期。</translation>
    </message>
    <message>
        <source>Choose a time with the arrows, then Enter to book.</source>
        <translation>用方向键选择时段，按 Enter 预约。</translation>
    </message>
    <message>
        <source>Choose a time with free places first.</source>
        <translation>请先选择一个尚有名额的时段。</translation>
    </message>
    <message>
        <source>Booked at {branch} on {day}, {start} – {end}.</source>
        <translation>已预约：{branch}，{day} {start} – {end}。</translation>
    </message>
    <message>
        <source>An SMS confirmation was sent to the customer.</source>
        <translation>已向客户发送短信确认。</translation>
    </message>
    <message>
        <source>No SMS confirmation was sent.</source>
        <translation>未发送短信确认。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>AppointmentsPage</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Today's appointments</source>
        <translation>今日预约</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到取号</translation>
    </message>
    <message>
        <source>The customer is here: issue their number</source>
        <translation>客户已到：为其取号</translation>
    </message>
    <message>
        <source>Cancel appointment</source>
        <translation>取消预约</translation>
    </message>
    <message>
        <source>Cancel the selected appointment</source>
        <translation>取消所选预约</translation>
    </message>
    <message>
        <source>No appointments today</source>
        <translation>今日没有预约</translation>
    </message>
    <message>
        <source>Appointments booked by phone, at the lobby or by a customer manager appear here by time slot.</source>
        <translation>通过电话、大堂或客户经理预约的客户将按时段显示在这里。</translation>
    </message>
    <message>
        <source>Number {number} for {customer} — {ahead} ahead</source>
        <translation>{customer} 的号码 {number} — 前面还有 {ahead} 人</translation>
    </message>
    <message>
        <source>Cancel {customer}'s appointment at {time}?</source>
        <translation>取消 {customer} {time} 的预约吗？</translation>
    </message>
    <message>
        <source>That did not work ({error}). Try again.</source>
        <translation>操作未成功（{error}），请重试。</translation>
    </message>
</context>
<context>
    <name>AttachmentModel</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>上传时间</translation>
    </message>
    <message>
        <source>Virus scan</source>
        <translation>病毒扫描</translation>
    </message>
</context>
<context>
    <name>AttachmentPane</name>
    <message>
        <source>File attached.</source>
        <translation>文件已上传。</translation>
    </message>
    <message>
        <source>Documents, images and recordings ({patterns})</source>
        <translation>文档、图片和录音（{patterns}）</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>上传附件</translation>
    </message>
    <message>
        <source>This file cannot be opened until the virus scan has cleared it.</source>
        <translation>病毒扫描通过前不能打开此文件。</translation>
    </message>
    <message>
        <source>No program is set up to open {file}.</source>
        <translation>没有可以打开 {file} 的程序。</translation>
    </message>
    <message>
        <source>Attach file…</source>
        <translation>上传附件…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>BoardActions</name>
    <message>
        <source>Waiting calls (right-click or Shift+F10 to act on one)</source>
        <translation>排队来电（右键或 Shift+F10 进行操作）</translation>
    </message>
    <message>
        <source>Force state…</source>
        <translation>强制调整状态…</translation>
    </message>
    <message>
        <source>Send message…</source>
        <translation>发送消息…</translation>
    </message>
    <message>
        <source>{name} is now {state}.</source>
        <translation>{name} 现在为“{state}”。</translation>
    </message>
    <message>
        <source>Message sent to {name}.</source>
        <translation>已向 {name} 发送消息。</translation>
    </message>
    <message>
        <source>Move to queue…</source>
        <translation>转移到队列…</translation>
    </message>
    <message>
        <source>Raise priority</source>
        <translation>提高优先级</translation>
    </message>
    <message>
        <source>Call {id} moved to {queue}.</source>
        <translation>来电 {id} 已转到 {queue}。</translation>
    </message>
    <message>
        <source>Call {id} now has priority {priority}.</source>
        <translation>来电 {id} 的优先级现为 {priority}。</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>使用人</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>已等候</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>已通知</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>取号时间</translation>
    </message>
    <message>
        <source>Lobby board</source>
        <translation>大堂看板</translation>
    </message>
    <message>
        <source>Waiting per service</source>
        <translation>各业务等候人数</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>VIP customers in the lobby</source>
        <translation>大堂中的贵宾客户</translation>
    </message>
    <message>
        <source>Today's numbers</source>
        <translation>今日号码</translation>
    </message>
    <message>
        <source>No VIP customer is in the lobby now.</source>
        <translation>目前大堂中没有贵宾客户。</translation>
    </message>
    <message>
        <source>Notify manager</source>
        <translation>通知客户经理</translation>
    </message>
    <message>
        <source>Tell the selected VIP's customer manager on their desktop that the customer is here ({keys})</source>
        <translation>在客户经理的电脑上通知其所选贵宾客户已到（{keys}）</translation>
    </message>
    <message>
        <source>The board could not be updated ({error}).</source>
        <translation>看板未能更新（{error}）。</translation>
    </message>
    <message>
        <source>{branch} · as of {time}</source>
        <translation>{branch} · 更新于 {time}</translation>
    </message>
    <message>
        <source>people waiting</source>
        <translation>人等候</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <source>{open} of {all}</source>
        <translation>{open} / {all}</translation>
    </message>
    <message>
        <source>counters open</source>
        <translation>个窗口开放</translation>
    </message>
    <message>
        <source>no-shows today</source>
        <translation>今日过号</translation>
    </message>
    <message>
        <source>{x} of {y} ({z} %)</source>
        <translation>{y} 人中 {x} 人（{z}%）</translation>
    </message>
    <message>
        <source>served within {n} minutes today</source>
        <translation>今日在 {n} 分钟内办理</translation>
    </message>
    <message>
        <source> (not seen for a while)</source>
        <translation>（已有一段时间无响应）</translation>
    </message>
    <message>
        <source>no manager</source>
        <translation>无客户经理</translation>
    </message>
    <message>
        <source>walk-in</source>
        <translation>未识别客户</translation>
    </message>
    <message>
        <source>No numbers issued today yet</source>
        <translation>今日尚未取号</translation>
    </message>
    <message>
        <source>Numbers appear here as customers check in at the lobby.</source>
        <translation>客户在大堂签到取号后，号码会显示在这里。</translation>
    </message>
    <message>
        <source>{manager} was told that {name} ({number}) is here.</source>
        <translation>已通知 {manager}：{name}（{number}）已到。</translation>
    </message>
    <message>
        <source>Could not notify ({error}).</source>
        <translation>未能通知（{error}）。</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>Connection to the wallboard service lost. These figures are from {time} and are not current.</source>
        <translation>与看板服务的连接已断开。以下数据截至 {time}，并非实时数据。</translation>
    </message>
    <message>
        <source>Connection to the wallboard service lost.</source>
        <translation>与看板服务的连接已断开。</translation>
    </message>
</context>
<context>
    <name>CallActions</name>
    <message>
        <source>Could not reach the database ({error}).</source>
        <translation>无法连接数据库（{error}）。</translation>
    </message>
</context>
<context>
    <name>CallBar</name>
    <message>
        <source>Unknown caller</source>
        <translation>未知来电</translation>
    </message>
    <message>
        <source>Number withheld</source>
        <translation>号码已隐藏</translation>
    </message>
    <message>
        <source>{number} (several customers)</source>
        <translation>{number}（多位客户）</translation>
    </message>
    <message>
        <source>{number} (unknown caller)</source>
        <translation>{number}（未知来电）</translation>
    </message>
    <message>
        <source>Incoming: {vip}{who}</source>
        <translation>来电：{vip}{who}</translation>
    </message>
    <message>
        <source>A call rang unanswered. Choose Available to take calls again.</source>
        <translation>有来电未接听。请切换为“空闲”以继续接听。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>保持</translation>
    </message>
    <message>
        <source>Take the caller off hold</source>
        <translation>恢复与客户通话</translation>
    </message>
    <message>
        <source>Put the caller on hold</source>
        <translation>让客户保持等待</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在接通…</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接听</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>rings {time}</source>
        <translation>振铃 {time}</translation>
    </message>
    <message>
        <source>wrap-up {time}</source>
        <translation>整理 {time}</translation>
    </message>
    <message>
        <source>That did not work.</source>
        <translation>操作未成功。</translation>
    </message>
    <message>
        <source>Could not connect the call: {reason} The call went back to the queue.</source>
        <translation>无法接通来电：{reason} 来电已退回队列。</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>拒接</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>on hold {time}</source>
        <translation>保持 {time}</translation>
    </message>
    <message>
        <source>wrap-up overdue +{time}</source>
        <translation>整理超时 +{time}</translation>
    </message>
    <message>
        <source>Take a break…</source>
        <translation>小休…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转接…</translation>
    </message>
    <message>
        <source>Take the call</source>
        <translation>接听此来电</translation>
    </message>
    <message>
        <source>Let the next agent take the call</source>
        <translation>交由下一位坐席接听</translation>
    </message>
    <message>
        <source>Transfer the call to a colleague or a queue</source>
        <translation>将来电转给同事或队列</translation>
    </message>
    <message>
        <source>End the call and start the wrap-up</source>
        <translation>结束通话并开始整理</translation>
    </message>
    <message>
        <source>Your state; click to change it. {available}: {a} · {brk}: {b} · {offline}: {o}</source>
        <translation>您的状态，点击可切换。{available}：{a} · {brk}：{b} · {offline}：{o}</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Send an SMS or e-mail to the caller from an approved template</source>
        <translation>用已审批的模板向来电客户发送短信或邮件</translation>
    </message>
    <message>
        <source>Identify the caller first</source>
        <translation>请先识别来电客户</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>The phone line did not start ({reason}): no calls reach this desk. Tell your administrator.</source>
        <translation>电话线路未能启动（{reason}）：来电无法接入本坐席，请联系系统管理员。</translation>
    </message>
</context>
<context>
    <name>CallCenter</name>
    <message>
        <source>Could not link the call ({error}).</source>
        <translation>无法关联来电（{error}）。</translation>
    </message>
    <message>
        <source>A call rang unanswered and went to a colleague.</source>
        <translation>来电未及时接听，已转给其他同事。</translation>
    </message>
    <message>
        <source>The caller hung up before the call was answered.</source>
        <translation>客户在接听前已挂机。</translation>
    </message>
    <message>
        <source>Calling: your phone rings first, then the customer's.</source>
        <translation>正在外呼：先呼叫您的话机，再呼叫客户。</translation>
    </message>
    <message>
        <source>Wrap-up saved on the customer's timeline.</source>
        <translation>整理已保存到客户时间线。</translation>
    </message>
    <message>
        <source>Lost contact with the database; trying again…</source>
        <translation>与数据库的连接中断，正在重试…</translation>
    </message>
    <message>
        <source>Call bar</source>
        <translation>通话栏</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Call notes</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Find a disposition</source>
        <translation>查找处理结果</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>完成整理</translation>
    </message>
    <message>
        <source>Could not open the message window ({error}).</source>
        <translation>无法打开消息窗口（{error}）。</translation>
    </message>
</context>
<context>
    <name>CallCodes</name>
    <message>
        <source>Available</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>整理</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>小休</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Not responding</source>
        <translation>未应答</translation>
    </message>
    <message>
        <source>Lunch</source>
        <translation>午餐</translation>
    </message>
    <message>
        <source>Rest</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <source>Coaching</source>
        <translation>辅导</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>保持中</translation>
    </message>
    <message>
        <source>Dialling</source>
        <translation>呼叫中</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>通话已结束</translation>
    </message>
</context>
<context>
    <name>CallMenu</name>
    <message>
        <source>&amp;Call</source>
        <translation>通话(&amp;C)</translation>
    </message>
</context>
<context>
    <name>CallNotes</name>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Not saved: the database did not answer. Keep typing to retry.</source>
        <translation>未保存：数据库无响应。继续输入即可重试。</translation>
    </message>
    <message>
        <source>Typing…</source>
        <translation>输入中…</translation>
    </message>
    <message>
        <source>Call notes</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>What the customer asks, what you promised… (saved as you type)</source>
        <translation>客户诉求、您的承诺……（输入即自动保存）</translation>
    </message>
    <message>
        <source>Not saved yet: the database did not answer. Kept on this computer; saved when it is back.</source>
        <translation>尚未保存：数据库无响应。内容已保留在本机，恢复连接后自动保存。</translation>
    </message>
</context>
<context>
    <name>CallerCard</name>
    <message>
        <source>No call at the moment</source>
        <translation>当前没有来电</translation>
    </message>
    <message>
        <source>Calls offered to you pop up here.</source>
        <translation>分配给您的来电会在这里弹出。</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Outgoing call</source>
        <translation>外呼</translation>
    </message>
    <message>
        <source>Several customers share this number</source>
        <translation>多位客户共用此号码</translation>
    </message>
    <message>
        <source>Ask who is calling, then pick them: nothing is linked until you do.</source>
        <translation>请先确认来电人再选择；选择前不会自动关联任何客户。</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>未知来电</translation>
    </message>
    <message>
        <source>Number withheld</source>
        <translation>号码已隐藏</translation>
    </message>
    <message>
        <source>The caller's number is hidden. Identify them by search; no customer is created from this call.</source>
        <translation>来电号码已隐藏。请通过查询识别客户；本来电不会新建客户。</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>来电人</translation>
    </message>
    <message>
        <source>Find the customer with the search on the left.</source>
        <translation>请用左侧查询查找客户。</translation>
    </message>
    <message>
        <source>Queue: {queue}</source>
        <translation>队列：{queue}</translation>
    </message>
    <message>
        <source>Pressed {digit}</source>
        <translation>按键 {digit}</translation>
    </message>
    <message>
        <source>Waited {seconds} s</source>
        <translation>等待 {seconds} 秒</translation>
    </message>
    <message>
        <source>{days} days overdue</source>
        <translation>已超期 {days} 天</translation>
    </message>
    <message>
        <source>due in {days} days ({date})</source>
        <translation>{days} 天后到期（{date}）</translation>
    </message>
    <message>
        <source>Open complaint {number}: {summary} — {due}</source>
        <translation>未结投诉 {number}：{summary} — {due}</translation>
    </message>
    <message>
        <source>Reminder: {kind} — {title} ({date})</source>
        <translation>提醒：{kind} — {title}（{date}）</translation>
    </message>
    <message>
        <source>Deposit maturing in {days} days: {product} {account} {amount}</source>
        <translation>存款 {days} 天后到期：{product} {account} {amount}</translation>
    </message>
    <message>
        <source>result: {disposition}</source>
        <translation>结果：{disposition}</translation>
    </message>
    <message>
        <source>Last contact: {what}</source>
        <translation>最近联系：{what}</translation>
    </message>
    <message>
        <source>SMS {date}: {text}</source>
        <translation>短信 {date}：{text}</translation>
    </message>
    <message>
        <source>Nothing open for this customer.</source>
        <translation>该客户没有待办事项。</translation>
    </message>
    <message>
        <source>Suggested flow: {name} (Ctrl+G)</source>
        <translation>推荐流程：{name}（Ctrl+G）</translation>
    </message>
    <message>
        <source>Start this service flow beside the customer</source>
        <translation>在客户视图旁开始此服务流程</translation>
    </message>
    <message>
        <source>Open 360°</source>
        <translation>打开360°视图</translation>
    </message>
    <message>
        <source>Why they may be calling</source>
        <translation>可能的来电原因</translation>
    </message>
    <message>
        <source>This is the caller</source>
        <translation>就是此来电人</translation>
    </message>
</context>
<context>
    <name>CampaignConfirm</name>
    <message>
        <source>No filter set</source>
        <translation>未设置筛选条件</translation>
    </message>
    <message>
        <source>No filter is set, so this campaign would go to all {n} customers.</source>
        <translation>未设置任何筛选条件，此活动将面向所有 {n} 位客户。</translation>
    </message>
    <message>
        <source>Go on with all {n} customers?</source>
        <translation>确定对所有 {n} 位客户继续吗？</translation>
    </message>
    <message>
        <source>All {n} customers</source>
        <translation>所有 {n} 位客户</translation>
    </message>
    <message>
        <source>Choose a filter</source>
        <translation>设置筛选条件</translation>
    </message>
    <message>
        <source>Start the campaign “{name}”? The message will be sent to {n} customers.</source>
        <translation>开始营销活动“{name}”？消息将发送给 {n} 位客户。</translation>
    </message>
    <message>
        <source>{k} of the {m} customers in the segment are skipped (opted out, no consent or no address).</source>
        <translation>客群 {m} 位客户中有 {k} 位将被跳过（已退订、未同意营销或无可用地址）。</translation>
    </message>
    <message>
        <source>No filter is set: these are all the customers you can reach.</source>
        <translation>未设置筛选条件：这是您可触达的全部客户。</translation>
    </message>
    <message>
        <source>Sending starts at {time}.</source>
        <translation>将于 {time} 开始发送。</translation>
    </message>
    <message>
        <source>Start the campaign</source>
        <translation>开始营销活动</translation>
    </message>
    <message>
        <source>Send to {n} customers</source>
        <translation>发送给 {n} 位客户</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不开始</translation>
    </message>
</context>
<context>
    <name>CampaignList</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Queueing</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>No campaigns yet.</source>
        <translation>还没有营销活动。</translation>
    </message>
    <message>
        <source>{sent}/{total} sent · {failed} failed · {skipped} skipped</source>
        <translation>已发 {sent}/{total} · 失败 {failed} · 跳过 {skipped}</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
</context>
<context>
    <name>CampaignPanel</name>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Birthday this week</source>
        <translation>本周生日</translation>
    </message>
    <message>
        <source>Send at</source>
        <translation>定时发送</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel campaign</source>
        <translation>取消活动</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <source>Lifecycle stages</source>
        <translation>生命周期阶段</translation>
    </message>
    <message>
        <source>Deposit maturing within</source>
        <translation>存款到期天数</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Sample messages</source>
        <translation>消息样例</translation>
    </message>
    <message>
        <source>Start sending…</source>
        <translation>开始发送…</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Campaign: {name}</source>
        <translation>营销活动：{name}</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Customers in the segment: {matched}; will receive it: {sendable}.</source>
        <translation>客群共 {matched} 位客户，将收到的有 {sendable} 位。</translation>
    </message>
    <message>
        <source>Skipped: {list}.</source>
        <translation>跳过：{list}。</translation>
    </message>
    <message>
        <source>Queueing the messages…</source>
        <translation>正在排队消息…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Queueing</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>{state} · sent {sent} · delivered {delivered} · failed {failed} · skipped for opt-out {opted} · waiting {waiting}</source>
        <translation>{state} · 已发送 {sent} · 已送达 {delivered} · 失败 {failed} · 因退订跳过 {opted} · 待发送 {waiting}</translation>
    </message>
    <message>
        <source>Custom filter</source>
        <translation>自定义条件</translation>
    </message>
    <message>
        <source>opted out</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>no marketing consent</source>
        <translation>未同意营销</translation>
    </message>
    <message>
        <source>no usable address</source>
        <translation>无可用地址</translation>
    </message>
    <message>
        <source>could not be rendered</source>
        <translation>无法生成内容</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>CheckinPage</name>
    <message>
        <source>Walk-in customer</source>
        <translation>无证件客户</translation>
    </message>
    <message>
        <source>Choose the service on the right, then Issue number. No customer is recorded on the number.</source>
        <translation>请在右侧选择业务，然后点“取号”。该号码不关联任何客户。</translation>
    </message>
    <message>
        <source>Check what was typed, or issue a walk-in number ({key}).</source>
        <translation>请核对输入内容，或直接取号（{key}）。</translation>
    </message>
    <message>
        <source>No customer found</source>
        <translation>未找到客户</translation>
    </message>
    <message>
        <source>Manager: {name}</source>
        <translation>客户经理：{name}</translation>
    </message>
    <message>
        <source>{n} customers match: choose with the arrows and Enter</source>
        <translation>找到 {n} 位客户：用方向键选择，按 Enter 确认</translation>
    </message>
    <message>
        <source>Who is the customer?</source>
        <translation>请识别客户</translation>
    </message>
    <message>
        <source>Swipe the ID card, or type a phone, card number or name and press Enter. Esc clears; {key} issues a walk-in number.</source>
        <translation>请刷身份证，或输入手机号、卡号或姓名后按 Enter。Esc 清空；{key} 直接取号（无证件）。</translation>
    </message>
    <message>
        <source>Swipe ID card, or type phone / card number / name, then Enter</source>
        <translation>刷身份证，或输入手机号／卡号／姓名后按 Enter</translation>
    </message>
    <message>
        <source>Enter searches; Esc clears</source>
        <translation>Enter 查找；Esc 清空</translation>
    </message>
    <message>
        <source>Customer's ID number, phone, card number or name</source>
        <translation>客户证件号、手机号、卡号或姓名</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Find the customer (Enter)</source>
        <translation>查找客户（Enter）</translation>
    </message>
    <message>
        <source>Walk-in (no ID)</source>
        <translation>直接取号（无证件）</translation>
    </message>
    <message>
        <source>Issue a number without identifying the customer ({key})</source>
        <translation>不识别客户，直接取号（{key}）</translation>
    </message>
</context>
<context>
    <name>Codes</name>
    <message>
        <source>Standard</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Silver</source>
        <translation>银卡</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>金卡</translation>
    </message>
    <message>
        <source>Platinum</source>
        <translation>白金</translation>
    </message>
    <message>
        <source>Diamond</source>
        <translation>钻石</translation>
    </message>
    <message>
        <source>Black</source>
        <translation>黑金</translation>
    </message>
    <message>
        <source>Private banking</source>
        <translation>私人银行</translation>
    </message>
    <message>
        <source>Affluent</source>
        <translation>财富</translation>
    </message>
    <message>
        <source>Prospect</source>
        <translation>潜在客户</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Onboarding</source>
        <translation>新客</translation>
    </message>
    <message>
        <source>Growing</source>
        <translation>成长期</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Mature</source>
        <translation>成熟期</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>忠诚</translation>
    </message>
    <message>
        <source>Declining</source>
        <translation>衰退期</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <source>Dormant</source>
        <translation>休眠</translation>
    </message>
    <message>
        <source>Churn risk</source>
        <translation>流失预警</translation>
    </message>
    <message>
        <source>Churned</source>
        <translation>已流失</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>已流失</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Mass retail</source>
        <translation>大众客户</translation>
    </message>
    <message>
        <source>Mass affluent</source>
        <translation>潜力客户</translation>
    </message>
    <message>
        <source>High net worth</source>
        <translation>高净值客户</translation>
    </message>
    <message>
        <source>Ultra high net worth</source>
        <translation>超高净值客户</translation>
    </message>
    <message>
        <source>Young professional</source>
        <translation>青年白领</translation>
    </message>
    <message>
        <source>Youth</source>
        <translation>青年客户</translation>
    </message>
    <message>
        <source>Senior</source>
        <translation>银发客户</translation>
    </message>
    <message>
        <source>Retiree</source>
        <translation>退休客户</translation>
    </message>
    <message>
        <source>Payroll</source>
        <translation>代发工资客户</translation>
    </message>
    <message>
        <source>Business owner</source>
        <translation>小微企业主</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Inbound call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Outbound call</source>
        <translation>外呼</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Branch visit</source>
        <translation>网点到访</translation>
    </message>
    <message>
        <source>Customer visit</source>
        <translation>上门拜访</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Mobile app</source>
        <translation>手机银行</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>信函</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>网上银行</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Current account</source>
        <translation>活期账户</translation>
    </message>
    <message>
        <source>Term deposit</source>
        <translation>定期存款</translation>
    </message>
    <message>
        <source>Wealth management</source>
        <translation>理财</translation>
    </message>
    <message>
        <source>Fund</source>
        <translation>基金</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <source>Loan</source>
        <translation>贷款</translation>
    </message>
    <message>
        <source>Credit card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <source>Debit card</source>
        <translation>借记卡</translation>
    </message>
    <message>
        <source>Matured</source>
        <translation>已到期</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已赎回</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Reported lost</source>
        <translation>已挂失</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Service request</source>
        <translation>服务请求</translation>
    </message>
    <message>
        <source>Inquiry</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Praise</source>
        <translation>表扬</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Waiting for customer</source>
        <translation>待客户回复</translation>
    </message>
    <message>
        <source>Waiting internally</source>
        <translation>内部处理中</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>已出结论</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Minor</source>
        <translation>轻微</translation>
    </message>
    <message>
        <source>Deposit maturity</source>
        <translation>存款到期</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>回电</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>备忘</translation>
    </message>
    <message>
        <source>ID document expiry</source>
        <translation>证件到期</translation>
    </message>
    <message>
        <source>Call-center agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Lobby manager</source>
        <translation>大堂经理</translation>
    </message>
    <message>
        <source>Customer manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>班组长</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Resident ID</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <source>HK/Macau permit</source>
        <translation>港澳通行证</translation>
    </message>
    <message>
        <source>Taiwan permit</source>
        <translation>台胞证</translation>
    </message>
    <message>
        <source>Foreigner residence permit</source>
        <translation>外国人居留许可</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>调查</translation>
    </message>
    <message>
        <source>R1 Conservative</source>
        <translation>R1 谨慎型</translation>
    </message>
    <message>
        <source>R2 Cautious</source>
        <translation>R2 稳健型</translation>
    </message>
    <message>
        <source>R3 Balanced</source>
        <translation>R3 平衡型</translation>
    </message>
    <message>
        <source>R4 Growth</source>
        <translation>R4 进取型</translation>
    </message>
    <message>
        <source>R5 Aggressive</source>
        <translation>R5 激进型</translation>
    </message>
    <message>
        <source>C1 Conservative</source>
        <translation>C1 保守型</translation>
    </message>
    <message>
        <source>C2 Cautious</source>
        <translation>C2 稳健型</translation>
    </message>
    <message>
        <source>C3 Balanced</source>
        <translation>C3 平衡型</translation>
    </message>
    <message>
        <source>C4 Growth</source>
        <translation>C4 成长型</translation>
    </message>
    <message>
        <source>C5 Aggressive</source>
        <translation>C5 进取型</translation>
    </message>
    <message>
        <source>Vulnerable customer</source>
        <translation>特殊关爱客户</translation>
    </message>
    <message>
        <source>Elderly customer</source>
        <translation>老年客户</translation>
    </message>
    <message>
        <source>Fraud risk</source>
        <translation>涉诈风险</translation>
    </message>
    <message>
        <source>Fraud watch</source>
        <translation>反诈关注</translation>
    </message>
    <message>
        <source>Fraud victim</source>
        <translation>涉诈受害人</translation>
    </message>
    <message>
        <source>AML watch</source>
        <translation>反洗钱关注</translation>
    </message>
    <message>
        <source>Complaint risk</source>
        <translation>投诉风险</translation>
    </message>
    <message>
        <source>Frequent complaints</source>
        <translation>频繁投诉</translation>
    </message>
    <message>
        <source>Escalation risk</source>
        <translation>升级风险</translation>
    </message>
    <message>
        <source>Do not call</source>
        <translation>勿电话营销</translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation>已故</translation>
    </message>
    <message>
        <source>Account frozen</source>
        <translation>账户冻结</translation>
    </message>
    <message>
        <source>KYC expired</source>
        <translation>尽调过期</translation>
    </message>
    <message>
        <source>ID document expired</source>
        <translation>证件已过期</translation>
    </message>
    <message>
        <source>ID document expiring</source>
        <translation>证件即将到期</translation>
    </message>
    <message>
        <source>Overdue loan</source>
        <translation>贷款逾期</translation>
    </message>
    <message>
        <source>Hearing impaired</source>
        <translation>听障客户</translation>
    </message>
    <message>
        <source>Politically exposed person</source>
        <translation>政治公众人物</translation>
    </message>
    <message>
        <source>VIP attention</source>
        <translation>贵宾关注</translation>
    </message>
    <message>
        <source>Media sensitive</source>
        <translation>舆情敏感</translation>
    </message>
    <message>
        <source>Balance inquiry</source>
        <translation>账户余额查询</translation>
    </message>
    <message>
        <source>Product inquiry</source>
        <translation>产品咨询</translation>
    </message>
    <message>
        <source>Rates and fees</source>
        <translation>利率及费用咨询</translation>
    </message>
    <message>
        <source>Card loss / replacement</source>
        <translation>挂失及补卡</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>密码重置</translation>
    </message>
    <message>
        <source>Update of details</source>
        <translation>客户信息变更</translation>
    </message>
    <message>
        <source>Transfer issue</source>
        <translation>转账汇款问题</translation>
    </message>
    <message>
        <source>Fee dispute</source>
        <translation>收费争议</translation>
    </message>
    <message>
        <source>Service quality</source>
        <translation>服务质量</translation>
    </message>
    <message>
        <source>Transaction dispute</source>
        <translation>交易争议</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>Interested</source>
        <translation>有意向</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>婉拒</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>未接通</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Held back</source>
        <translation>暂缓发送</translation>
    </message>
    <message>
        <source>Sending paused</source>
        <translation>发送已暂停</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队待发</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发出</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>未送达</translation>
    </message>
    <message>
        <source>Sending failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Sending cancelled</source>
        <translation>已取消发送</translation>
    </message>
    <message>
        <source>Confirmed delivered</source>
        <translation>确认已送达</translation>
    </message>
    <message>
        <source>Sent again</source>
        <translation>已重新发送</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转接</translation>
    </message>
    <message>
        <source>Customer replied</source>
        <translation>客户回复</translation>
    </message>
    <message>
        <source>Survey answered</source>
        <translation>已回复满意度评价</translation>
    </message>
    <message>
        <source>Call survey answered</source>
        <translation>来电回访已评价</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Waiting time</source>
        <translation>排队等候</translation>
    </message>
    <message>
        <source>Mis-selling of wealth product</source>
        <translation>理财销售争议</translation>
    </message>
    <message>
        <source>Debt collection</source>
        <translation>催收</translation>
    </message>
    <message>
        <source>Mobile banking problem</source>
        <translation>手机银行问题</translation>
    </message>
    <message>
        <source>Card service</source>
        <translation>卡片服务</translation>
    </message>
    <message>
        <source>Card replacement</source>
        <translation>补卡</translation>
    </message>
    <message>
        <source>Certificate / statement</source>
        <translation>开立证明</translation>
    </message>
    <message>
        <source>Limit change</source>
        <translation>限额调整</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Cantonese</source>
        <translation>粤语</translation>
    </message>
    <message>
        <source>phone number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <source>end of ID number</source>
        <translation>证件号后几位</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号</translation>
    </message>
    <message>
        <source>CIF number</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>account or card number</source>
        <translation>账号/卡号</translation>
    </message>
    <message>
        <source>e-mail address</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>The check digit of this ID number is wrong. Please check it.</source>
        <translation>证件号码校验位不正确，请核对后重新输入。</translation>
    </message>
    <message>
        <source>This is not a valid phone number.</source>
        <translation>不是有效的电话号码，请核对。</translation>
    </message>
    <message>
        <source>Could not tell what this is. Try a phone number, a name or the last 4–6 characters of an ID.</source>
        <translation>无法识别输入内容。请输入手机号、姓名或证件号后4-6位。</translation>
    </message>
    <message>
        <source>{outcome} (error {code})</source>
        <translation>{outcome}（错误码 {code}）</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Account closed</source>
        <translation>已销户</translation>
    </message>
    <message>
        <source>From customer</source>
        <translation>客户发起</translation>
    </message>
    <message>
        <source>From bank</source>
        <translation>我行发起</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开户日期</translation>
    </message>
    <message>
        <source>Maturity</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒事项</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>经办人</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Step {id}</source>
        <translation>步骤 {id}</translation>
    </message>
    <message>
        <source>The flow itself</source>
        <translation>流程本身</translation>
    </message>
    <message>
        <source>The two versions are the same.</source>
        <translation>两个版本相同。</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
</context>
<context>
    <name>ComposeDialog</name>
    <message>
        <source>Send a message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>The customer accepts service and marketing messages by {channel}.</source>
        <translation>客户已同意通过{channel}接收服务和营销信息。</translation>
    </message>
    <message>
        <source>The customer accepts service messages by {channel}, but not marketing messages.</source>
        <translation>客户可通过{channel}接收服务信息，但未同意接收营销信息。</translation>
    </message>
    <message>
        <source>The customer opted out of {channel}: no message can be sent by {channel}.</source>
        <translation>客户已退订{channel}：不能通过{channel}发送任何消息。</translation>
    </message>
    <message>
        <source>The customer has no address for {channel}: nothing can be sent by {channel}.</source>
        <translation>客户没有可用于{channel}的地址：不能通过{channel}发送。</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No approved template for this channel.</source>
        <translation>该渠道没有已审批的模板。</translation>
    </message>
    <message>
        <source>{channel} (opted out)</source>
        <translation>{channel}（已退订）</translation>
    </message>
    <message>
        <source>{channel} (no address)</source>
        <translation>{channel}（无地址）</translation>
    </message>
    <message>
        <source>Use {channel} instead.</source>
        <translation>可改用{channel}。</translation>
    </message>
    <message>
        <source>{state} {alternative}</source>
        <translation>{state}{alternative}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Subject: {subject}</source>
        <translation>主题：{subject}</translation>
    </message>
    <message>
        <source>Fill in the fields above.</source>
        <translation>请填写上方的字段。</translation>
    </message>
    <message>
        <source>Marketing message: held until the quiet hours end ({time}).</source>
        <translation>营销信息：免打扰时段结束后发送（{time}）。</translation>
    </message>
    <message>
        <source>Goes out immediately.</source>
        <translation>将立即发送。</translation>
    </message>
    <message>
        <source>Queued in the outbox: it will be sent to {to} when the quiet hours end ({time}).</source>
        <translation>已加入发件箱：免打扰时段结束后（{time}）发送至 {to}。</translation>
    </message>
    <message>
        <source>Queued in the outbox: it is being sent to {to} now.</source>
        <translation>已加入发件箱：正在发送至 {to}。</translation>
    </message>
    <message>
        <source>Sending to {to}…</source>
        <translation>正在发送至 {to}…</translation>
    </message>
    <message>
        <source>Sent to {to}.</source>
        <translation>已发送至 {to}。</translation>
    </message>
    <message>
        <source>Delivered to {to}.</source>
        <translation>已送达 {to}。</translation>
    </message>
    <message>
        <source>The message was withdrawn before it went out.</source>
        <translation>消息在发出前已撤回。</translation>
    </message>
    <message>
        <source>Could not be delivered to {to} (error {code}).</source>
        <translation>未能送达 {to}（错误 {code}）。</translation>
    </message>
    <message>
        <source>The customer opted out of messages on this channel.</source>
        <translation>客户已退订该渠道的消息。</translation>
    </message>
    <message>
        <source>The customer has not agreed to marketing messages.</source>
        <translation>客户未同意接收营销信息。</translation>
    </message>
    <message>
        <source>The customer has no usable address for this channel (SMS needs a mobile number).</source>
        <translation>客户没有该渠道可用的地址（短信须为手机号码）。</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <source>Remove this condition</source>
        <translation>删除此条件</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>{a}, {b}</source>
        <translation>{a}，{b}</translation>
    </message>
    <message>
        <source>Enter a value.</source>
        <translation>请输入取值。</translation>
    </message>
    <message>
        <source>Enter one or more values separated by commas.</source>
        <translation>请输入一个或多个取值，以逗号分隔。</translation>
    </message>
    <message>
        <source>“{value}” is not a whole number.</source>
        <translation>“{value}”不是整数。</translation>
    </message>
    <message>
        <source>“{value}” is not an amount.</source>
        <translation>“{value}”不是有效金额。</translation>
    </message>
    <message>
        <source>“{value}” is not a date (YYYY-MM-DD).</source>
        <translation>“{value}”不是有效日期（格式：年-月-日，如 2026-03-05）。</translation>
    </message>
    <message>
        <source>The value is too long (64 characters at most).</source>
        <translation>取值过长（最多 64 个字符）。</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>等于</translation>
    </message>
    <message>
        <source>does not equal</source>
        <translation>不等于</translation>
    </message>
    <message>
        <source>less than</source>
        <translation>小于</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>不大于</translation>
    </message>
    <message>
        <source>more than</source>
        <translation>大于</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>不小于</translation>
    </message>
    <message>
        <source>is one of</source>
        <translation>属于其中之一</translation>
    </message>
    <message>
        <source>is none of</source>
        <translation>不属于其中任何一个</translation>
    </message>
</context>
<context>
    <name>ConditionTree</name>
    <message>
        <source>Case {n}</source>
        <translation>情形 {n}</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Add case</source>
        <translation>添加情形</translation>
    </message>
    <message>
        <source>Add comparison</source>
        <translation>添加比较</translation>
    </message>
    <message>
        <source>Add group</source>
        <translation>添加条件组</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Cases are tried in order. Under a case: comparisons, and groups — 'all' (every condition under it holds) or 'any' (one does). Edit a cell with F2.</source>
        <translation>按顺序逐一判断各情形。情形下可放比较条件和条件组：all（其下条件全部成立）或 any（任一成立）。按 F2 编辑单元格。</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed by both</source>
        <translation>双方都已修改</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>已选择</translation>
    </message>
    <message>
        <source>Only you changed this</source>
        <translation>仅您修改了此项</translation>
    </message>
    <message>
        <source>Changed by others</source>
        <translation>他人已修改</translation>
    </message>
    <message>
        <source>Someone else saved this record</source>
        <translation>他人已保存此记录</translation>
    </message>
    <message>
        <source>This record was deleted by someone else after you opened it; it cannot be saved.</source>
        <translation>您打开此记录后，它已被他人删除，无法保存。</translation>
    </message>
    <message>
        <source>Someone else saved this record after you opened it. Choose, field by field, which value to keep: yours, the current one, or the original. Fields changed on both sides must be chosen.</source>
        <translation>您打开此记录后，他人已保存了修改。请逐个字段选择要保留的值：您的、当前的或原始的。双方都修改过的字段必须选择。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>您的修改</translation>
    </message>
    <message>
        <source>Current (saved by others)</source>
        <translation>当前值（他人已保存）</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原始值</translation>
    </message>
    <message>
        <source>Use all of mine</source>
        <translation>全部采用我的</translation>
    </message>
    <message>
        <source>Use all current values</source>
        <translation>全部采用当前值</translation>
    </message>
    <message>
        <source>Save merged version</source>
        <translation>保存合并结果</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>&amp;Counter:</source>
        <translation>窗口(&amp;C)：</translation>
    </message>
    <message>
        <source>Use this counter</source>
        <translation>使用此窗口</translation>
    </message>
    <message>
        <source>Hold the chosen counter for this desktop</source>
        <translation>由本机使用所选窗口</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>接管</translation>
    </message>
    <message>
        <source>The desktop holding this counter has not been seen for a while: take the counter and its customer</source>
        <translation>占用此窗口的电脑已有一段时间无响应：接管窗口及其正在办理的客户</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close the counter and release it for other desktops</source>
        <translation>关闭窗口并释放给其他电脑</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>叫号</translation>
    </message>
    <message>
        <source>Call the next waiting number</source>
        <translation>呼叫下一位等候的号码</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>Call the same number again</source>
        <translation>再次呼叫同一号码</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>The customer did not come</source>
        <translation>客户未到</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转移…</translation>
    </message>
    <message>
        <source>Send to another service or counter</source>
        <translation>转到其他业务或窗口</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>The customer is here: start serving</source>
        <translation>客户已到：开始办理</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Finish with the chosen outcome</source>
        <translation>按所选结果办结</translation>
    </message>
    <message>
        <source>How the visit ended</source>
        <translation>本次办理的结果</translation>
    </message>
    <message>
        <source>{label} — {status}</source>
        <translation>{label} — {status}</translation>
    </message>
    <message>
        <source>{name}, not seen for a while</source>
        <translation>{name}，已有一段时间无响应</translation>
    </message>
    <message>
        <source>{label} — {status} · {holder}</source>
        <translation>{label} — {status} · {holder}</translation>
    </message>
    <message>
        <source>This branch has no counters yet. An administrator sets them up.</source>
        <translation>本网点尚未设置窗口，请联系管理员设置。</translation>
    </message>
    <message>
        <source>You hold {label} ({status}). It calls: {services}.</source>
        <translation>您正在使用{label}（{status}），呼叫业务：{services}。</translation>
    </message>
    <message>
        <source>{label} is held by {name} at a desktop not seen for a while. You may take it over; the customer being served there comes with it.</source>
        <translation>{label}由{name}使用，但其电脑已有一段时间无响应。您可以接管，正在办理的客户将一并转给您。</translation>
    </message>
    <message>
        <source>{label} is in use by {name} at another desktop. Choose another counter.</source>
        <translation>{label}正由{name}在另一台电脑上使用，请选择其他窗口。</translation>
    </message>
    <message>
        <source>{label} is free ({status}). Press “Use this counter” to work here. It calls: {services}.</source>
        <translation>{label}空闲（{status}）。点击“使用此窗口”开始工作。呼叫业务：{services}。</translation>
    </message>
    <message>
        <source>Walk-in customer (not identified)</source>
        <translation>未识别身份的客户</translation>
    </message>
    <message>
        <source>waited {n} min</source>
        <translation>已等候 {n} 分钟</translation>
    </message>
    <message>
        <source>recalled {n}×</source>
        <translation>已重呼 {n} 次</translation>
    </message>
    <message>
        <source>Nobody waiting for this counter's services. Call again in a moment.</source>
        <translation>本窗口的业务暂无人等候，请稍后再叫号。</translation>
    </message>
    <message>
        <source>{number}: {outcome}. Press Call next for the next customer.</source>
        <translation>{number}：{outcome}。点击“叫号”呼叫下一位客户。</translation>
    </message>
    <message>
        <source>{number}: {status}.</source>
        <translation>{number}：{status}。</translation>
    </message>
    <message>
        <source>No customer at the counter. Press Call next (F5) when you are ready.</source>
        <translation>窗口暂无客户。准备好后请点击“叫号”（F5）。</translation>
    </message>
    <message>
        <source>Choose your counter and press “Use this counter”, then open it.</source>
        <translation>请选择您的窗口，点击“使用此窗口”，然后开放窗口。</translation>
    </message>
    <message>
        <source>The counter could not do that ({error}). Try again.</source>
        <translation>窗口操作未成功（{error}），请重试。</translation>
    </message>
</context>
<context>
    <name>CsatSettingsDialog</name>
    <message>
        <source>Satisfaction surveys</source>
        <translation>满意度回访设置</translation>
    </message>
    <message>
        <source>Send a survey after answered calls</source>
        <translation>来电接通结束后发送满意度回访短信</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Calls surveyed</source>
        <translation>抽样比例</translation>
    </message>
    <message>
        <source>SMS template</source>
        <translation>短信模板</translation>
    </message>
    <message>
        <source>Quiet hours from</source>
        <translation>免打扰开始</translation>
    </message>
    <message>
        <source>Quiet hours until</source>
        <translation>免打扰结束</translation>
    </message>
    <message>
        <source>Not the same customer again within</source>
        <translation>同一客户回访间隔</translation>
    </message>
    <message>
        <source>Low score (follow-up) at or below</source>
        <translation>低分（需回访）阈值：不高于</translation>
    </message>
    <message>
        <source>A survey due in the quiet hours waits until they end. Customers who opted out of SMS or have no mobile are not surveyed. A low score opens a to-do for the agent's supervisor.</source>
        <translation>免打扰时段内到期的回访将顺延至时段结束后发送。已退订短信或无手机号码的客户不会收到回访。低分评价会为坐席的班组长生成一条待办。</translation>
    </message>
    <message>
        <source>Loading the queues…</source>
        <translation>正在加载队列…</translation>
    </message>
    <message>
        <source>There are no queues to set up.</source>
        <translation>暂无可设置的队列。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>CustomFilterEditor</name>
    <message>
        <source>Add condition</source>
        <translation>添加条件</translation>
    </message>
    <message>
        <source>No custom conditions.</source>
        <translation>暂无自定义条件。</translation>
    </message>
    <message>
        <source>Correct the custom conditions marked below ({n}).</source>
        <translation>请修正下方标出的自定义条件（{n} 条）。</translation>
    </message>
</context>
<context>
    <name>Customer360</name>
    <message>
        <source>({days} d)</source>
        <translation>（{days} 天）</translation>
    </message>
    <message>
        <source>(overdue {days} d)</source>
        <translation>（已超 {days} 天）</translation>
    </message>
    <message>
        <source>({days} d left)</source>
        <translation>（剩 {days} 天）</translation>
    </message>
    <message>
        <source>Done {date}</source>
        <translation>已完成 {date}</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待办</translation>
    </message>
</context>
<context>
    <name>Customer360View</name>
    <message>
        <source>Could not load more. Scroll to try again.</source>
        <translation>加载失败，请滚动重试。</translation>
    </message>
    <message>
        <source>No products</source>
        <translation>暂无产品</translation>
    </message>
    <message>
        <source>This customer holds no accounts or products.</source>
        <translation>该客户没有持有账户或产品。</translation>
    </message>
    <message>
        <source>No contacts yet</source>
        <translation>暂无往来记录</translation>
    </message>
    <message>
        <source>Calls, messages and visits will appear here.</source>
        <translation>来电、短信、到访等记录将显示在这里。</translation>
    </message>
    <message>
        <source>No tickets</source>
        <translation>暂无工单</translation>
    </message>
    <message>
        <source>This customer has no service requests or complaints.</source>
        <translation>该客户没有服务请求或投诉。</translation>
    </message>
    <message>
        <source>No reminders</source>
        <translation>暂无提醒</translation>
    </message>
    <message>
        <source>Nothing to follow up for this customer.</source>
        <translation>该客户暂无需要跟进的事项。</translation>
    </message>
    <message>
        <source>Nothing here</source>
        <translation>暂无内容</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>往来记录</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Customer 360°: {tab}</source>
        <translation>客户360°视图：{tab}</translation>
    </message>
    <message>
        <source>No customer open</source>
        <translation>尚未打开客户</translation>
    </message>
    <message>
        <source>Find a customer on the left, then press Enter or double-click to open the 360° view.</source>
        <translation>在左侧查找客户，按回车键或双击结果即可打开客户360视图。</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>phone number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Cannot show in full</source>
        <translation>无法显示完整信息</translation>
    </message>
</context>
<context>
    <name>CustomerActions</name>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Correct this customer's details</source>
        <translation>更正该客户的资料</translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <source>Record a complaint from this customer (the regulator's clock starts)</source>
        <translation>登记该客户的投诉（监管时限开始计算）</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>SMS or e-mail from an approved template</source>
        <translation>使用已审批模板发送短信或邮件</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>外呼</translation>
    </message>
    <message>
        <source>Call the customer's primary number (your phone rings first)</source>
        <translation>拨打客户的主要号码（先振铃您的话机）</translation>
    </message>
    <message>
        <source>Start service flow</source>
        <translation>开始服务流程</translation>
    </message>
    <message>
        <source>Guide this conversation with a service flow</source>
        <translation>按服务流程引导本次服务</translation>
    </message>
    <message>
        <source>Refer to manager</source>
        <translation>转介客户经理</translation>
    </message>
    <message>
        <source>Refer the customer to a customer manager</source>
        <translation>将客户转介给客户经理</translation>
    </message>
    <message>
        <source>Book appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Book the customer a time at a branch</source>
        <translation>为客户预约网点办理时间</translation>
    </message>
</context>
<context>
    <name>CustomerEditDialog</name>
    <message>
        <source>Someone else has just changed this customer. When you save, you will see both versions.</source>
        <translation>其他人刚刚修改了该客户。保存时将同时显示双方的版本供您选择。</translation>
    </message>
    <message>
        <source>Not saved ({error}); your changes are kept.</source>
        <translation>未保存（{error}），您的修改已保留。</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>编辑客户资料</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <source>Preferred language</source>
        <translation>首选语言</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>首选渠道</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>客群</translation>
    </message>
    <message>
        <source>Lifecycle stage</source>
        <translation>生命周期阶段</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Shown masked. Leave it empty to keep it; type a new value in full to replace it.</source>
        <translation>以掩码显示。留空则保持不变；如需更改，请完整输入新内容。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>DeadlinesTile</name>
    <message>
        <source>Complaint deadlines at risk</source>
        <translation>投诉时限预警</translation>
    </message>
    <message>
        <source>complaints past their warning point, not yet decided</source>
        <translation>件投诉已过预警点、尚未办结</translation>
    </message>
    <message>
        <source>Open complaints past their warning point and not yet decided (the whole floor)</source>
        <translation>已过预警点且尚未办结的投诉（全场）</translation>
    </message>
</context>
<context>
    <name>DeskNotices</name>
    <message>
        <source>Got it</source>
        <translation>知道了</translation>
    </message>
    <message>
        <source>Mark the message read and close it</source>
        <translation>将消息标为已读并关闭</translation>
    </message>
    <message>
        <source>Message from {sender} ({time}):</source>
        <translation>来自 {sender} 的消息（{time}）：</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>Preparing the demo data ({count} customers). This takes a while the first time…</source>
        <translation>正在生成演示数据（{count} 位客户），首次启动需要一些时间…</translation>
    </message>
    <message>
        <source>The database does not answer yet; trying again in {seconds} s. ({error})</source>
        <translation>数据库暂无响应，{seconds} 秒后重试。（{error}）</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>No user to sign in</source>
        <translation>没有可登录的用户</translation>
    </message>
    <message>
        <source>ContactDesk could not start</source>
        <translation>ContactDesk 无法启动</translation>
    </message>
    <message>
        <source>No active user has a password in this database. An administrator can add one with `contactdesk user add`, or run `contactdesk seed` for the demo users, or try `contactdesk demo`.</source>
        <translation>此数据库中没有设置了密码的有效用户。管理员可用 `contactdesk user add` 添加用户，或运行 `contactdesk seed` 生成演示用户，或试用 `contactdesk demo`。</translation>
    </message>
    <message>
        <source>Sign-in refused</source>
        <translation>登录被拒绝</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>Lobby display</source>
        <translation>大堂显示屏</translation>
    </message>
    <message>
        <source>Now calling</source>
        <translation>正在叫号</translation>
    </message>
    <message>
        <source>Called before</source>
        <translation>已叫号码</translation>
    </message>
    <message>
        <source>People waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <source>Nobody is waiting. Welcome!</source>
        <translation>目前无人等候，欢迎光临！</translation>
    </message>
    <message>
        <source>Connection lost — the information shown may be out of date</source>
        <translation>连接已中断 — 显示的信息可能不是最新的</translation>
    </message>
    <message>
        <source>Please go to {counter}</source>
        <translation>请到 {counter}</translation>
    </message>
    <message>
        <source>Welcome. Please take a number.</source>
        <translation>欢迎光临，请取号。</translation>
    </message>
    <message>
        <source>{n} waiting</source>
        <translation>{n} 人等候</translation>
    </message>
</context>
<context>
    <name>DispositionPicker</name>
    <message>
        <source>Type to find a disposition; ↑↓ choose, Enter picks</source>
        <translation>输入以查找处理结果；↑↓ 选择，回车确定</translation>
    </message>
    <message>
        <source>Find a disposition</source>
        <translation>查找处理结果</translation>
    </message>
    <message>
        <source>Dispositions</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>No disposition matches; clear the filter to see them all.</source>
        <translation>没有匹配的处理结果；清空筛选即可查看全部。</translation>
    </message>
</context>
<context>
    <name>DraftMerge</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Step {id}</source>
        <translation>步骤 {id}</translation>
    </message>
    <message>
        <source>Flow setting: {key}</source>
        <translation>流程设置：{key}</translation>
    </message>
    <message>
        <source>Someone else saved this draft and then sent it on ({status}). Your changes are still here: export them to a file, or make a new version and make them again.</source>
        <translation>其他人保存此草稿后已将其提交（{status}）。您的修改仍在编辑器中：请导出到文件，或新建版本后再修改。</translation>
    </message>
    <message>
        <source>Merged with the changes someone else saved meanwhile ({count} taken from theirs); saved.</source>
        <translation>已与其他人在此期间保存的修改合并（采用对方修改 {count} 处），并已保存。</translation>
    </message>
    <message>
        <source>Someone else saved this draft</source>
        <translation>其他人已保存此草稿</translation>
    </message>
    <message>
        <source>Merged with the changes someone else saved meanwhile, as you chose; saved.</source>
        <translation>已按您的选择与其他人在此期间保存的修改合并，并已保存。</translation>
    </message>
    <message>
        <source>Not saved: your changes are still here. Save again to compare once more.</source>
        <translation>未保存：您的修改仍在编辑器中。再次保存将重新比较。</translation>
    </message>
</context>
<context>
    <name>EditorWorkflow</name>
    <message>
        <source>Someone else changed this version after you opened it: open it again to go on.</source>
        <translation>您打开此版本后，已有其他人修改了它：请重新打开后再继续。</translation>
    </message>
    <message>
        <source>Changes from {a} to {b}</source>
        <translation>从 {a} 到 {b} 的变更</translation>
    </message>
    <message>
        <source>Import a flow</source>
        <translation>导入服务流程</translation>
    </message>
    <message>
        <source>Flow files (*.yaml *.yml *.json)</source>
        <translation>流程文件 (*.yaml *.yml *.json)</translation>
    </message>
    <message>
        <source>Export the flow</source>
        <translation>导出服务流程</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
</context>
<context>
    <name>EscalationsPage</name>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>处理期限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Escalated at</source>
        <translation>升级时间</translation>
    </message>
    <message>
        <source>Deadline close</source>
        <translation>临近处理期限</translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation>已超过处理期限</translation>
    </message>
    <message>
        <source>Escalated by hand</source>
        <translation>人工升级</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>升级提醒</translation>
    </message>
    <message>
        <source>Complaints escalated to you: close to their regulatory deadline, past it, or escalated by their handler. Open one to act on it, then acknowledge it to take it off this list.</source>
        <translation>升级给您的投诉：临近监管处理期限、已超过期限，或由经办人升级。打开工单进行处理，再确认知悉，即可将其从列表中移除。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Open ticket</source>
        <translation>打开工单</translation>
    </message>
    <message>
        <source>Open the selected escalation's ticket (Enter or double-click)</source>
        <translation>打开所选升级提醒对应的工单（回车或双击）</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认知悉</translation>
    </message>
    <message>
        <source>Mark the selected escalation as seen and take it off the list ({keys})</source>
        <translation>将所选升级提醒标记为已知悉，并从列表中移除（{keys}）</translation>
    </message>
    <message>
        <source>Acknowledge the selected escalation</source>
        <translation>确认知悉所选升级提醒</translation>
    </message>
    <message>
        <source>Escalations ({n})</source>
        <translation>升级提醒 ({n})</translation>
    </message>
    <message>
        <source>Escalation of {number} acknowledged.</source>
        <translation>已确认知悉工单 {number} 的升级提醒。</translation>
    </message>
    <message>
        <source>1 escalation is waiting for you.</source>
        <translation>有 1 条升级提醒待您处理。</translation>
    </message>
    <message>
        <source>{n} escalations are waiting for you.</source>
        <translation>有 {n} 条升级提醒待您处理。</translation>
    </message>
    <message>
        <source>No escalations for you</source>
        <translation>没有待处理的升级提醒</translation>
    </message>
    <message>
        <source>Complaints escalated to you appear here as they happen, with a notice on the status bar.</source>
        <translation>升级给您的投诉会即时出现在这里，状态栏也会提示。</translation>
    </message>
    <message>
        <source>Could not acknowledge the escalation ({error}). Try again.</source>
        <translation>未能确认知悉该升级提醒（{error}），请重试。</translation>
    </message>
</context>
<context>
    <name>ExceptionHook</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>ContactDesk keeps running. The details were written to the log file; please tell the IT help desk.</source>
        <translation>ContactDesk 仍在运行。详细信息已写入日志文件，请联系IT服务台。</translation>
    </message>
    <message>
        <source>Something went wrong: {error}</source>
        <translation>程序出现错误：{error}</translation>
    </message>
    <message>
        <source>Log file: {path}</source>
        <translation>日志文件：{path}</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>The end date is before the start date. Choose an end date on or after {start}.</source>
        <translation>结束日期早于开始日期。请选择 {start} 当天或之后的结束日期。</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Branches</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Grain</source>
        <translation>粒度</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近7天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近30天</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Per 30 minutes</source>
        <translation>每30分钟</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>All queues</source>
        <translation>全部队列</translation>
    </message>
    <message>
        <source>{n} queues</source>
        <translation>{n} 个队列</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>全部班组</translation>
    </message>
    <message>
        <source>{n} teams</source>
        <translation>{n} 个班组</translation>
    </message>
    <message>
        <source>All branches</source>
        <translation>全部网点</translation>
    </message>
    <message>
        <source>{n} branches</source>
        <translation>{n} 个网点</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
</context>
<context>
    <name>FloorTile</name>
    <message>
        <source>Floor</source>
        <translation>全场</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>接听</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>The queues shown, and every agent shown counted once</source>
        <translation>所显示的队列；所显示的坐席每人只计一次</translation>
    </message>
</context>
<context>
    <name>FlowChooser</name>
    <message>
        <source>Loading the published flows…</source>
        <translation>正在读取已发布的流程…</translation>
    </message>
    <message>
        <source>{flow}  (suggested)</source>
        <translation>{flow}（推荐）</translation>
    </message>
    <message>
        <source>No flow matches.</source>
        <translation>没有匹配的流程。</translation>
    </message>
    <message>
        <source>No flow is published yet: ask a supervisor.</source>
        <translation>尚无已发布的流程，请联系主管。</translation>
    </message>
    <message>
        <source>Start a service flow</source>
        <translation>开始服务流程</translation>
    </message>
    <message>
        <source>Type to filter, ↑/↓ to pick, Enter to start.</source>
        <translation>输入文字筛选，↑/↓ 选择，Enter 开始。</translation>
    </message>
    <message>
        <source>Flow name or code</source>
        <translation>流程名称或代码</translation>
    </message>
    <message>
        <source>Published flows</source>
        <translation>已发布的流程</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>FlowEditor</name>
    <message>
        <source>Say</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>分支</translation>
    </message>
    <message>
        <source>Identity check</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>合规宣读</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已审批</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>流程</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>New step</source>
        <translation>新步骤</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交审批</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>New version</source>
        <translation>新建版本</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>预览…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>自动排列</translation>
    </message>
    <message>
        <source>Drop-off heat</source>
        <translation>流失热度</translation>
    </message>
    <message>
        <source>Drop-off: pale = few runs stopped at the step, red = the most</source>
        <translation>流失：浅色 = 在该步骤中止的次数少，红色 = 最多</translation>
    </message>
    <message>
        <source>Flow graph</source>
        <translation>流程图</translation>
    </message>
    <message>
        <source>Kind of the new step</source>
        <translation>新步骤的类型</translation>
    </message>
    <message>
        <source>No flow chosen</source>
        <translation>未选择流程</translation>
    </message>
    <message>
        <source>Version {n}: {status}</source>
        <translation>第 {n} 版：{status}</translation>
    </message>
    <message>
        <source>Published: {p} · drafts: {d}</source>
        <translation>已发布：{p} · 草稿：{d}</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
</context>
<context>
    <name>FlowRunnerPanel</name>
    <message>
        <source>Enter or pick an answer first.</source>
        <translation>请先填写或选择回答。</translation>
    </message>
    <message>
        <source>Saved on this computer; it will be sent when the database is back.</source>
        <translation>已保存在本机，联网后提交。</translation>
    </message>
    <message>
        <source>Flow finished</source>
        <translation>流程已完成</translation>
    </message>
    <message>
        <source>Flow stopped</source>
        <translation>流程已中止</translation>
    </message>
    <message>
        <source>This will: {what}</source>
        <translation>将执行：{what}</translation>
    </message>
    <message>
        <source>Done: {result}</source>
        <translation>已完成：{result}</translation>
    </message>
    <message>
        <source>Ask the caller; {n} of {total} must match. The record is never shown.</source>
        <translation>请询问来电人；{total} 项中须有 {n} 项相符。系统不显示档案中的值。</translation>
    </message>
    <message>
        <source>Read the text above in full, then confirm.</source>
        <translation>请完整宣读以上内容，然后确认。</translation>
    </message>
    <message>
        <source>Outcome: {code}</source>
        <translation>结果：{code}</translation>
    </message>
    <message>
        <source>The wrap-up disposition is set to this outcome.</source>
        <translation>话后小结的处理结果已按此预填。</translation>
    </message>
    <message>
        <source>Duration: {m} min {s} s</source>
        <translation>用时：{m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>Kept on the customer's timeline.</source>
        <translation>已记入客户时间线。</translation>
    </message>
    <message>
        <source>read aloud at {time}</source>
        <translation>已宣读 {time}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Read aloud (Enter)</source>
        <translation>已宣读（Enter）</translation>
    </message>
    <message>
        <source>Try again (Enter)</source>
        <translation>重试（Enter）</translation>
    </message>
    <message>
        <source>Do it (Enter)</source>
        <translation>确认执行（Enter）</translation>
    </message>
    <message>
        <source>Next (Enter)</source>
        <translation>下一步（Enter）</translation>
    </message>
    <message>
        <source>Starting the flow…</source>
        <translation>正在开始流程…</translation>
    </message>
    <message>
        <source>Service flow</source>
        <translation>服务流程</translation>
    </message>
    <message>
        <source>Other flow…</source>
        <translation>换流程…</translation>
    </message>
    <message>
        <source>Pick another published flow (Ctrl+G)</source>
        <translation>选择其他已发布的流程（Ctrl+G）</translation>
    </message>
    <message>
        <source>Close the flow pane (an unfinished run can be resumed)</source>
        <translation>关闭流程窗格（未完成的流程可稍后继续）</translation>
    </message>
    <message>
        <source>Close the flow pane</source>
        <translation>关闭流程窗格</translation>
    </message>
    <message>
        <source>Back (Alt+←)</source>
        <translation>后退（Alt+←）</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Path taken (Enter on a step goes back to it)</source>
        <translation>已走路径（在某一步按 Enter 可退回该步）</translation>
    </message>
    <message>
        <source>Path taken</source>
        <translation>已走路径</translation>
    </message>
    <message>
        <source>Step text</source>
        <translation>步骤内容</translation>
    </message>
</context>
<context>
    <name>FlowsWorkspace</name>
    <message>
        <source>Editor</source>
        <translation>编辑器</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>流程</translation>
    </message>
</context>
<context>
    <name>ForceStateDialog</name>
    <message>
        <source>Force state</source>
        <translation>强制调整状态</translation>
    </message>
    <message>
        <source>Set the state of {name} (now: {state}).</source>
        <translation>调整 {name} 的状态（当前：{state}）。</translation>
    </message>
    <message>
        <source>Why (kept in the audit trail)</source>
        <translation>原因（记入审计日志）</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>FullScreenBoard</name>
    <message>
        <source>Wallboard</source>
        <translation>实时看板</translation>
    </message>
    <message>
        <source>Press Esc to leave full screen</source>
        <translation>按 Esc 退出全屏</translation>
    </message>
    <message>
        <source>Not current: last update {time}</source>
        <translation>数据非实时：最后更新于 {time}</translation>
    </message>
    <message>
        <source>As of {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <source>Waiting for the first figures…</source>
        <translation>正在等待首批数据…</translation>
    </message>
</context>
<context>
    <name>HeaderCard</name>
    <message>
        <source>{age} yrs</source>
        <translation>{age}岁</translation>
    </message>
    <message>
        <source>none</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Profile {pct}% complete</source>
        <translation>资料完整度 {pct}%</translation>
    </message>
    <message>
        <source>No alerts</source>
        <translation>暂无提示</translation>
    </message>
    <message>
        <source>granted</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Marketing consent: {marks}</source>
        <translation>营销许可：{marks}</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>授权</translation>
    </message>
    <message>
        <source>CIF</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>证件</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Prefers</source>
        <translation>偏好</translation>
    </message>
    <message>
        <source>Assets under management</source>
        <translation>金融资产（AUM）</translation>
    </message>
    <message>
        <source>Open complaints: {n}</source>
        <translation>未结投诉 {n} 件</translation>
    </message>
    <message>
        <source>Reminders due: {n}</source>
        <translation>待办提醒 {n} 条</translation>
    </message>
    <message>
        <source>Maturing within 30 days: {n} · {amount}</source>
        <translation>30天内到期存款 {n} 笔 · {amount}</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>价值评分</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>开户时间</translation>
    </message>
    <message>
        <source>shown in full for {s} more seconds</source>
        <translation>完整显示，还剩 {s} 秒</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show in full (asks for a reason; recorded)</source>
        <translation>显示完整信息（需填写原因，将被记录）</translation>
    </message>
    <message>
        <source>Open the most urgent complaint beside the customer</source>
        <translation>在客户旁打开最紧急的投诉</translation>
    </message>
</context>
<context>
    <name>IntakeConfirmation</name>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Complaint recorded</source>
        <translation>投诉已登记</translation>
    </message>
    <message>
        <source>Complaint {number} recorded</source>
        <translation>已登记投诉 {number}</translation>
    </message>
    <message>
        <source>Regulator's deadline: {due}</source>
        <translation>监管时限：{due}</translation>
    </message>
    <message>
        <source>No regulatory deadline</source>
        <translation>无监管时限</translation>
    </message>
    <message>
        <source>Merged into {number}, which keeps its own deadline.</source>
        <translation>已并入 {number}，按原投诉的时限办理。</translation>
    </message>
    <message>
        <source>To read to the customer: {spoken}</source>
        <translation>告知客户时读作：{spoken}</translation>
    </message>
    <message>
        <source>Open ticket</source>
        <translation>打开工单</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>复制编号</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>Unfinished intake restored</source>
        <translation>已恢复未完成的受理</translation>
    </message>
    <message>
        <source>Complaint from {name} ({cif})</source>
        <translation>投诉人：{name}（{cif}）</translation>
    </message>
    <message>
        <source>No customer (anonymous or referred)</source>
        <translation>无客户（匿名或转办）</translation>
    </message>
    <message>
        <source>Choose a category…</source>
        <translation>请选择类别…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Team queue (nobody yet)</source>
        <translation>团队待领取（暂不分派）</translation>
    </message>
    <message>
        <source>Myself</source>
        <translation>本人</translation>
    </message>
    <message>
        <source>Choose the complaint category.</source>
        <translation>请选择投诉类别。</translation>
    </message>
    <message>
        <source>Write a short summary of the complaint.</source>
        <translation>请填写投诉摘要。</translation>
    </message>
    <message>
        <source>Give the reason the case is complex.</source>
        <translation>请填写认定为复杂投诉的原因。</translation>
    </message>
    <message>
        <source>Draft saved {time}</source>
        <translation>草稿已于 {time} 保存</translation>
    </message>
    <message>
        <source>Merge into {number} ({category}, due {due}); the deadline is kept</source>
        <translation>并入 {number}（{category}，期限 {due}）；处理期限不变</translation>
    </message>
    <message>
        <source>Record as a new complaint</source>
        <translation>作为新投诉受理</translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation>受理投诉</translation>
    </message>
    <message>
        <source>Received through</source>
        <translation>受理渠道</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Referral date and reference</source>
        <translation>转办日期及文号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>投诉类别</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>投诉摘要</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Customer asks for</source>
        <translation>客户诉求</translation>
    </message>
    <message>
        <source>Employee complained about</source>
        <translation>被投诉员工</translation>
    </message>
    <message>
        <source>Branch complained about</source>
        <translation>被投诉网点</translation>
    </message>
    <message>
        <source>Complainant</source>
        <translation>投诉人</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Complexity</source>
        <translation>复杂程度</translation>
    </message>
    <message>
        <source>Referral reference</source>
        <translation>转办文号</translation>
    </message>
    <message>
        <source>One line, up to 200 characters</source>
        <translation>一句话概述，不超过200字</translation>
    </message>
    <message>
        <source>Refund, apology, correction…</source>
        <translation>退款、道歉、更正…</translation>
    </message>
    <message>
        <source>Type a name or username</source>
        <translation>输入姓名或用户名</translation>
    </message>
    <message>
        <source>Identity verified</source>
        <translation>已核实身份</translation>
    </message>
    <message>
        <source>Complex case (30-day deadline)</source>
        <translation>复杂投诉（30日期限）</translation>
    </message>
    <message>
        <source>Why the case is complex</source>
        <translation>认定为复杂投诉的原因</translation>
    </message>
    <message>
        <source>This may repeat an open complaint</source>
        <translation>可能与未结投诉重复</translation>
    </message>
    <message>
        <source>Record complaint</source>
        <translation>受理投诉</translation>
    </message>
    <message>
        <source>Keep as draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>放弃草稿</translation>
    </message>
</context>
<context>
    <name>IssuePanel</name>
    <message>
        <source>Choose the service first.</source>
        <translation>请先选择业务。</translation>
    </message>
    <message>
        <source>Only for VIP customers</source>
        <translation>仅限贵宾客户</translation>
    </message>
    <message>
        <source>Suggested: {service}</source>
        <translation>建议办理：{service}</translation>
    </message>
    <message>
        <source>Walk-in customer without identification</source>
        <translation>未识别身份的客户</translation>
    </message>
    <message>
        <source>For {name}</source>
        <translation>客户：{name}</translation>
    </message>
    <message>
        <source>Already holds a number today</source>
        <translation>今日已取号</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等候中</translation>
    </message>
    <message>
        <source>called to {counter}</source>
        <translation>已叫号至{counter}</translation>
    </message>
    <message>
        <source>being served</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>状态：{status}</translation>
    </message>
    <message>
        <source>Issued {time}</source>
        <translation>取号时间 {time}</translation>
    </message>
    <message>
        <source>Number issued</source>
        <translation>已取号</translation>
    </message>
    <message>
        <source>People ahead: {n}</source>
        <translation>前面还有 {n} 人</translation>
    </message>
    <message>
        <source>No counter is open for this service right now</source>
        <translation>该业务当前没有开放的窗口</translation>
    </message>
    <message>
        <source>Estimated wait: about {n} min</source>
        <translation>预计等候约 {n} 分钟</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>The printer did not print: the number is issued and shown on screen</source>
        <translation>打印机未能打印：号码已取，请以屏幕显示为准</translation>
    </message>
    <message>
        <source>The number was also sent by SMS.</source>
        <translation>号码已同时通过短信发送。</translation>
    </message>
    <message>
        <source>Issue a number</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>No services are set up for this branch yet; ask an administrator.</source>
        <translation>本网点尚未设置业务类型，请联系管理员。</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Elderly</source>
        <translation>老年人</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>残障人士</translation>
    </message>
    <message>
        <source>The customer agrees to an SMS when their turn is near</source>
        <translation>客户同意在快轮到时接收短信提醒</translation>
    </message>
    <message>
        <source>Issue number</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Issue and print the number ({key})</source>
        <translation>取号并打印号票（{key}）</translation>
    </message>
</context>
<context>
    <name>LobbyCodes</name>
    <message>
        <source>Waiting</source>
        <translation>等候中</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>已叫号</translation>
    </message>
    <message>
        <source>Being served</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转移</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>已转介</translation>
    </message>
    <message>
        <source>Not possible</source>
        <translation>无法办理</translation>
    </message>
    <message>
        <source>Redirected</source>
        <translation>已引导至其他渠道</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>已预约</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未到</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>已联系</translation>
    </message>
    <message>
        <source>Appointment made</source>
        <translation>已预约</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>已成交</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>未成交</translation>
    </message>
    <message>
        <source>Deposits</source>
        <translation>存款</translation>
    </message>
    <message>
        <source>Wealth management</source>
        <translation>理财</translation>
    </message>
    <message>
        <source>Funds</source>
        <translation>基金</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <source>Credit cards</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>under ¥50k</source>
        <translation>5万以下</translation>
    </message>
    <message>
        <source>¥50k–500k</source>
        <translation>5-50万</translation>
    </message>
    <message>
        <source>¥500k–3M</source>
        <translation>50-300万</translation>
    </message>
    <message>
        <source>over ¥3M</source>
        <translation>300万以上</translation>
    </message>
    <message>
        <source>Elderly</source>
        <translation>老年人</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>残障人士</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
</context>
<context>
    <name>LobbySeat</name>
    <message>
        <source>Branch lobby</source>
        <translation>网点大堂</translation>
    </message>
    <message>
        <source>Lobby &amp;display</source>
        <translation>大堂显示屏(&amp;D)</translation>
    </message>
</context>
<context>
    <name>LobbyWorkspace</name>
    <message>
        <source>Check-in</source>
        <translation>签到取号</translation>
    </message>
    <message>
        <source>Lobby board</source>
        <translation>大堂看板</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>转介</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Referral report</source>
        <translation>转介月报</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Locked — {name} ({username})</source>
        <translation>已锁定 — {name}（{username}）</translation>
    </message>
    <message>
        <source>Customer data is hidden. Enter your password to continue, or switch user to sign out.</source>
        <translation>客户信息已隐藏。请输入密码继续工作，或切换用户以退出登录。</translation>
    </message>
    <message>
        <source>Your sign-in to the database is running out. Enter your password to renew it.</source>
        <translation>您的数据库登录即将到期，请输入密码续期。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
</context>
<context>
    <name>LostDialog</name>
    <message>
        <source>Not interested</source>
        <translation>客户不感兴趣</translation>
    </message>
    <message>
        <source>Bought elsewhere</source>
        <translation>已在他行办理</translation>
    </message>
    <message>
        <source>Could not be reached</source>
        <translation>无法联系到客户</translation>
    </message>
    <message>
        <source>Not eligible</source>
        <translation>不符合条件</translation>
    </message>
    <message>
        <source>Referral lost</source>
        <translation>转介未成交</translation>
    </message>
    <message>
        <source>Why did {customer} not go ahead?</source>
        <translation>{customer} 为什么没有办理？</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>About ContactDesk</source>
        <translation>关于 ContactDesk</translation>
    </message>
    <message>
        <source>ContactDesk {version}
CRM and contact-center desktop for retail banking.</source>
        <translation>ContactDesk {version}
零售银行客户关系管理与联络中心桌面系统。</translation>
    </message>
    <message>
        <source>ContactDesk — {user} ({role})</source>
        <translation>ContactDesk — {user}（{role}）</translation>
    </message>
    <message>
        <source>Database: {db}</source>
        <translation>数据库：{db}</translation>
    </message>
    <message>
        <source>Signed in: {name} ({username}) · {role}</source>
        <translation>当前用户：{name}（{username}）· {role}</translation>
    </message>
    <message>
        <source>Connecting to the database…</source>
        <translation>正在连接数据库…</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Complaints &amp;&amp; tickets</source>
        <translation>投诉与工单</translation>
    </message>
    <message>
        <source>Message templates</source>
        <translation>消息模板</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Outbox issues</source>
        <translation>发送异常</translation>
    </message>
    <message>
        <source>Phone line down: {reason}</source>
        <translation>电话线路中断：{reason}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Switch user…</source>
        <translation>切换用户(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Find customer</source>
        <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About ContactDesk</source>
        <translation>关于 ContactDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Service flows</source>
        <translation>服务流程</translation>
    </message>
</context>
<context>
    <name>ManagerNotices</name>
    <message>
        <source>Your customer {name} (number {number}) is in the lobby.</source>
        <translation>您的客户 {name}（号码 {number}）已在大堂。</translation>
    </message>
    <message>
        <source>One of your customers is in the lobby.</source>
        <translation>您的一位客户已在大堂。</translation>
    </message>
    <message>
        <source>{who} asks you to come and greet them.</source>
        <translation>{who} 请您前来接待。</translation>
    </message>
</context>
<context>
    <name>MemoPanel</name>
    <message>
        <source>Type the note first.</source>
        <translation>请先输入备注内容。</translation>
    </message>
    <message>
        <source>Type what is to be done first.</source>
        <translation>请先输入待办事项。</translation>
    </message>
    <message>
        <source>Someone changed this to-do meanwhile; the list is shown again as it is now.</source>
        <translation>该待办已被他人更新，列表已刷新为最新状态。</translation>
    </message>
    <message>
        <source>Find a customer to see and add their notes and to-dos.</source>
        <translation>请先查找客户，再查看或添加其备注和待办。</translation>
    </message>
    <message>
        <source>No notes or open to-dos. Add one below for whoever serves them next.</source>
        <translation>暂无备注或待办。可在下方添加，供下一位服务人员参考。</translation>
    </message>
    <message>
        <source>Service memo</source>
        <translation>服务备忘</translation>
    </message>
    <message>
        <source>Show done</source>
        <translation>显示已完成</translation>
    </message>
    <message>
        <source>A note for whoever serves this customer…</source>
        <translation>给服务该客户的同事留一条备注…</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Save the note (Enter in the box)</source>
        <translation>保存备注（在输入框中按 Enter）</translation>
    </message>
    <message>
        <source>A to-do, e.g. call back about the deposit…</source>
        <translation>待办事项，如：回电说明存款事宜…</translation>
    </message>
    <message>
        <source>Due date of the to-do</source>
        <translation>待办截止日期</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>新备注</translation>
    </message>
    <message>
        <source>New to-do</source>
        <translation>新待办</translation>
    </message>
    <message>
        <source>Add to-do</source>
        <translation>添加待办</translation>
    </message>
    <message>
        <source>Save the to-do with its due date (Enter in the box)</source>
        <translation>保存待办及截止日期（在输入框中按 Enter）</translation>
    </message>
</context>
<context>
    <name>MemoRow</name>
    <message>
        <source>To-do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>due {when}</source>
        <translation>截止 {when}</translation>
    </message>
    <message>
        <source>done {when}</source>
        <translation>完成于 {when}</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Mark this to-do as done</source>
        <translation>将此待办标记为已完成</translation>
    </message>
</context>
<context>
    <name>MessageDialog</name>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>A short message for {name}'s desk ({most} characters at most).</source>
        <translation>发送到 {name} 桌面的简短消息（最多 {most} 个字）。</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>消息(&amp;M)：</translation>
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
        <translation>{encoding} · {length}/{capacity} · {n} 条短信</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
</context>
<context>
    <name>MoveCallDialog</name>
    <message>
        <source>Move to queue</source>
        <translation>转移到队列</translation>
    </message>
    <message>
        <source>Move waiting call {id} to another queue; it keeps its place in the order of waiting.</source>
        <translation>将排队来电 {id} 转到其他队列，其排队先后不变。</translation>
    </message>
    <message>
        <source>&amp;Queue:</source>
        <translation>队列(&amp;Q)：</translation>
    </message>
</context>
<context>
    <name>NoteComposer</name>
    <message>
        <source>Draft from {time} restored</source>
        <translation>已恢复 {time} 的草稿</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>草稿已保存</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>备注已添加</translation>
    </message>
    <message>
        <source>Write a note: what was done, what the customer said…</source>
        <translation>填写备注：做了什么、客户怎么说…</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Customer contacted</source>
        <translation>已联系客户</translation>
    </message>
    <message>
        <source>Counts as an update to the customer for the service-level clocks</source>
        <translation>计为对客户的一次进展告知（服务时限）</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Unsaved text restored from this computer</source>
        <translation>已从本机恢复未保存的内容</translation>
    </message>
    <message>
        <source>Not saved yet: the database did not answer. Kept on this computer; saved when it is back.</source>
        <translation>尚未保存：数据库无响应。内容已保存在本机，恢复连接后自动保存。</translation>
    </message>
    <message>
        <source>Draft not saved: the database did not answer.</source>
        <translation>草稿未保存：数据库无响应。</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Offline: the database cannot be reached.</source>
        <translation>离线：无法连接数据库。</translation>
    </message>
    <message>
        <source>Live updates paused: the gateway cannot be reached.</source>
        <translation>实时更新已暂停：无法连接网关。</translation>
    </message>
    <message>
        <source>Data shown as of %1 may be out of date.</source>
        <translation>当前显示的是 %1 的数据，可能已过时。</translation>
    </message>
    <message>
        <source>Everything you type is kept on this computer and saved when the connection returns.</source>
        <translation>您输入的所有内容都保存在本机，连接恢复后会自动保存。</translation>
    </message>
    <message>
        <source>Unsaved changes kept: %1</source>
        <translation>本机暂存的未保存修改：%1</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
</context>
<context>
    <name>OutboxIssuesPage</name>
    <message>
        <source>Outbox issues</source>
        <translation>发送异常</translation>
    </message>
    <message>
        <source>Messages whose outcome is unknown (a timeout or a server error) or that failed. Mark one as sent when the customer confirms it arrived, or send it again.</source>
        <translation>发送结果未知（超时或服务器错误）或发送失败的消息。客户确认已收到时可标记为已发送，否则可重新发送。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Mark as sent</source>
        <translation>标记为已发送</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>No messages need attention.</source>
        <translation>没有需要处理的消息。</translation>
    </message>
    <message>
        <source>{n} messages need attention.</source>
        <translation>有 {n} 条消息需要处理。</translation>
    </message>
    <message>
        <source>How do you know it arrived? (e.g. the customer confirmed it on the phone)</source>
        <translation>如何确认已送达？（例如：客户来电确认已收到）</translation>
    </message>
    <message>
        <source>The outcome of this message is unknown: it may have reached the customer already. Sending it again may give the customer the same message twice. Send it again?</source>
        <translation>该消息的发送结果未知，客户可能已经收到。重新发送可能使客户收到两条相同的消息。确定重新发送吗？</translation>
    </message>
    <message>
        <source>The message failed ({code}). Send it again to {to}?</source>
        <translation>该消息发送失败（{code}）。确定重新发送至 {to} 吗？</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Queued again as message #{id}.</source>
        <translation>已重新排队发送，新消息编号 #{id}。</translation>
    </message>
    <message>
        <source>Marked as sent.</source>
        <translation>已标记为已发送。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误代码</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <source>No active products</source>
        <translation>暂无有效产品</translation>
    </message>
    <message>
        <source>No contact on record</source>
        <translation>暂无联系记录</translation>
    </message>
    <message>
        <source>Last 12 months: {counts}</source>
        <translation>近12个月：{counts}</translation>
    </message>
    <message>
        <source>Nothing maturing in the next 90 days</source>
        <translation>未来90天内没有到期存款</translation>
    </message>
    <message>
        <source>and {n} more</source>
        <translation>另有 {n} 笔</translation>
    </message>
    <message>
        <source>No open reminders</source>
        <translation>暂无待办提醒</translation>
    </message>
    <message>
        <source>Average assets, last 12 months</source>
        <translation>近12个月日均资产</translation>
    </message>
    <message>
        <source>Products held</source>
        <translation>持有产品</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Maturing deposits</source>
        <translation>即将到期存款</translation>
    </message>
    <message>
        <source>Upcoming reminders</source>
        <translation>待办提醒</translation>
    </message>
    <message>
        <source>{product} · matures in {days} d</source>
        <translation>{product} · {days}天后到期</translation>
    </message>
</context>
<context>
    <name>PresenceBanner</name>
    <message>
        <source>%1 is editing this record</source>
        <translation>%1 正在编辑此记录</translation>
    </message>
    <message>
        <source>%1 are editing this record</source>
        <translation>%1 正在编辑此记录</translation>
    </message>
    <message>
        <source>%1 is viewing</source>
        <translation>%1 正在查看</translation>
    </message>
    <message>
        <source>%1 are viewing</source>
        <translation>%1 正在查看</translation>
    </message>
    <message>
        <source>your changes may conflict</source>
        <translation>您的修改可能与其冲突</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>CIF number</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Start preview</source>
        <translation>开始预览</translation>
    </message>
    <message>
        <source>the answer: a digit for a choice, y/n, a number or a text</source>
        <translation>回答：选项填数字，是否填 y/n，或数字、文本</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Preview run</source>
        <translation>预览运行</translation>
    </message>
    <message>
        <source>No customer with that CIF number.</source>
        <translation>没有该客户号的客户。</translation>
    </message>
    <message>
        <source>Action (preview: not done): {what}</source>
        <translation>操作（预览，不会执行）：{what}</translation>
    </message>
    <message>
        <source>End · outcome {outcome}</source>
        <translation>结束 · 结果 {outcome}</translation>
    </message>
</context>
<context>
    <name>ProblemList</name>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
</context>
<context>
    <name>QueueRulesButton</name>
    <message>
        <source>Queue rules…</source>
        <translation>队列规则…</translation>
    </message>
    <message>
        <source>How each queue's service level is counted, and when it alerts</source>
        <translation>各队列服务水平的计算方式及告警阈值</translation>
    </message>
</context>
<context>
    <name>QueueRulesDialog</name>
    <message>
        <source>Queue rules</source>
        <translation>队列规则</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Answered within</source>
        <translation>接听时限</translation>
    </message>
    <message>
        <source>Service level target</source>
        <translation>服务水平目标</translation>
    </message>
    <message>
        <source>Short abandon up to</source>
        <translation>短放弃上限</translation>
    </message>
    <message>
        <source>Abandons</source>
        <translation>放弃呼叫</translation>
    </message>
    <message>
        <source>Daily reset</source>
        <translation>每日重置</translation>
    </message>
    <message>
        <source>Waiting calls: warning</source>
        <translation>等待数：警告</translation>
    </message>
    <message>
        <source>Waiting calls: critical</source>
        <translation>等待数：严重</translation>
    </message>
    <message>
        <source>Longest wait: warning</source>
        <translation>最长等待：警告</translation>
    </message>
    <message>
        <source>Longest wait: critical</source>
        <translation>最长等待：严重</translation>
    </message>
    <message>
        <source>Leave short abandons out</source>
        <translation>不计短放弃</translation>
    </message>
    <message>
        <source>Count every abandon against the level</source>
        <translation>所有放弃均计入</translation>
    </message>
    <message>
        <source>Leave every abandon out</source>
        <translation>所有放弃均不计入</translation>
    </message>
    <message>
        <source>Loading the queues…</source>
        <translation>正在读取队列…</translation>
    </message>
    <message>
        <source>There are no queues to set up.</source>
        <translation>没有可设置的队列。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Another supervisor saved this queue meanwhile: {theirs} Your values are kept; Save replaces them.</source>
        <translation>其他班组长刚保存了该队列的规则：{theirs} 您填写的值已保留；点击保存将覆盖。</translation>
    </message>
</context>
<context>
    <name>QueueTile</name>
    <message>
        <source>Waiting</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>最长等待</translation>
    </message>
    <message>
        <source>Service level
target {target} %</source>
        <translation>服务水平
目标 {target} %</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>接听</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Short abandons</source>
        <translation>短放弃</translation>
    </message>
    <message>
        <source>ASA</source>
        <translation>平均应答</translation>
    </message>
    <message>
        <source>AHT</source>
        <translation>平均处理</translation>
    </message>
</context>
<context>
    <name>QuickCreateForm</name>
    <message>
        <source>Enter the name and the ID number.</source>
        <translation>请填写姓名和证件号码。</translation>
    </message>
    <message>
        <source>Checking for existing customers…</source>
        <translation>正在检查是否已有该客户…</translation>
    </message>
    <message>
        <source>A customer with this ID number exists already: link the call to them.</source>
        <translation>已有客户使用此证件号码：请将来电关联到该客户。</translation>
    </message>
    <message>
        <source>Existing customers match this number or ID: link the call to one of them, or create a new customer anyway.</source>
        <translation>已有客户与此号码或证件匹配：请将来电关联到其中一位，或仍然新建客户。</translation>
    </message>
    <message>
        <source>Could not create the customer ({error}).</source>
        <translation>无法新建客户（{error}）。</translation>
    </message>
    <message>
        <source>New customer from this call</source>
        <translation>根据来电新建客户</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Check and create</source>
        <translation>查重并新建</translation>
    </message>
    <message>
        <source>Link the call to this customer</source>
        <translation>关联到此客户</translation>
    </message>
    <message>
        <source>Create anyway</source>
        <translation>仍然新建</translation>
    </message>
</context>
<context>
    <name>ReasonRow</name>
    <message>
        <source>Maturing</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>转介</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Urgent: {text}</source>
        <translation>紧急：{text}</translation>
    </message>
    <message>
        <source>by {when}</source>
        <translation>期限 {when}</translation>
    </message>
</context>
<context>
    <name>RecognitionCardWidget</name>
    <message>
        <source>no customer manager</source>
        <translation>无客户经理</translation>
    </message>
    <message>
        <source>Manager: {manager} · Branch: {branch}</source>
        <translation>客户经理：{manager} · 所属网点：{branch}</translation>
    </message>
    <message>
        <source>Holds number {number} today ({service}, {status})</source>
        <translation>今日已取号 {number}（{service}，{status}）</translation>
    </message>
    <message>
        <source>Customer of another branch ({branch}). Only this minimal card is shown: the full record is not available at this branch.</source>
        <translation>他行网点客户（{branch}）。仅显示基本信息：本网点无法查看该客户的完整资料。</translation>
    </message>
    <message>
        <source>Likely reasons today</source>
        <translation>今日可能的来访事由</translation>
    </message>
    <message>
        <source>Nothing due today: ask the customer what brings them in.</source>
        <translation>今日无到期事项：请询问客户办理何种业务。</translation>
    </message>
    <message>
        <source>Issue number</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Issue a number for the service chosen on the right (Ctrl+I)</source>
        <translation>按右侧所选业务取号（Ctrl+I）</translation>
    </message>
    <message>
        <source>Refer to manager</source>
        <translation>转介客户经理</translation>
    </message>
    <message>
        <source>Refer the customer to a customer manager ({key})</source>
        <translation>将客户转介给客户经理（{key}）</translation>
    </message>
    <message>
        <source>Book appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Book a time at a branch ({key})</source>
        <translation>预约网点办理时间（{key}）</translation>
    </message>
    <message>
        <source>Open 360°</source>
        <translation>打开360°视图</translation>
    </message>
    <message>
        <source>Open the customer's full record ({key})</source>
        <translation>打开客户完整资料（{key}）</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <source>Refer to a customer manager</source>
        <translation>转介客户经理</translation>
    </message>
    <message>
        <source>Refer {name} to a customer manager</source>
        <translation>将{name}转介给客户经理</translation>
    </message>
    <message>
        <source>Refer the customer to a customer manager</source>
        <translation>将客户转介给客户经理</translation>
    </message>
    <message>
        <source>Deposits</source>
        <translation>存款</translation>
    </message>
    <message>
        <source>Wealth management</source>
        <translation>理财</translation>
    </message>
    <message>
        <source>Funds</source>
        <translation>基金</translation>
    </message>
    <message>
        <source>Insurance</source>
        <translation>保险</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>贷款</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>银行卡／信用卡</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Under 50,000</source>
        <translation>5万以下</translation>
    </message>
    <message>
        <source>50,000 – 500,000</source>
        <translation>5万–50万</translation>
    </message>
    <message>
        <source>500,000 – 3 million</source>
        <translation>50万–300万</translation>
    </message>
    <message>
        <source>Over 3 million</source>
        <translation>300万以上</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>不清楚</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>High: the customer is waiting now</source>
        <translation>紧急：客户正在等候</translation>
    </message>
    <message>
        <source>The customer agrees to be contacted by the customer manager</source>
        <translation>客户同意由客户经理联系</translation>
    </message>
    <message>
        <source>What the manager should know (optional)</source>
        <translation>需要客户经理了解的情况（选填）</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>需求</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>转介</translation>
    </message>
    <message>
        <source>Send the referral to the customer manager (Enter)</source>
        <translation>将转介发送给客户经理（Enter）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close without referring (Esc)</source>
        <translation>不转介并关闭（Esc）</translation>
    </message>
    <message>
        <source>Ask the customer first: they must agree to be contacted before they are referred.</source>
        <translation>请先征得客户同意：客户同意被联系后才能转介。</translation>
    </message>
    <message>
        <source>the branch's customer managers</source>
        <translation>本网点客户经理</translation>
    </message>
    <message>
        <source>Referred to {manager}.</source>
        <translation>已转介给{manager}。</translation>
    </message>
    <message>
        <source>They are asked to accept it by {time}.</source>
        <translation>请其在 {time} 前接收。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ReferralInbox</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>需求</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Accept by</source>
        <translation>接收期限</translation>
    </message>
    <message>
        <source>From</source>
        <translation>转介人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>To</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>我发出的</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>转介</translation>
    </message>
    <message>
        <source>Referrals to me</source>
        <translation>转介给我的客户</translation>
    </message>
    <message>
        <source>Referrals I made</source>
        <translation>我发起的转介</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>已联系</translation>
    </message>
    <message>
        <source>Appointment…</source>
        <translation>预约…</translation>
    </message>
    <message>
        <source>Won…</source>
        <translation>成交…</translation>
    </message>
    <message>
        <source>Lost…</source>
        <translation>未成交…</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <source>Open the customer's 360° view (Enter or double-click)</source>
        <translation>打开客户360°视图（回车或双击）</translation>
    </message>
    <message>
        <source>No referrals for you</source>
        <translation>没有转介给您的客户</translation>
    </message>
    <message>
        <source>Customers referred to you by the lobby or the call centre appear here; new ones first.</source>
        <translation>大堂或呼叫中心转介给您的客户将显示在这里，新转介在前。</translation>
    </message>
    <message>
        <source>You sent no referrals in the last 30 days</source>
        <translation>您最近 30 天没有发出转介</translation>
    </message>
    <message>
        <source>Refer a customer from the lobby check-in or the customer view; here you see what became of it.</source>
        <translation>在大堂签到或客户视图中转介客户后，可在这里查看结果。</translation>
    </message>
    <message>
        <source>{n} open, {late} overdue.</source>
        <translation>{n} 条未结，{late} 条已超时。</translation>
    </message>
    <message>
        <source>overdue since {time}</source>
        <translation>已超时（期限 {time}）</translation>
    </message>
    <message>
        <source>{status} · urgent</source>
        <translation>{status} · 紧急</translation>
    </message>
    <message>
        <source>Won {amount}</source>
        <translation>成交 {amount}</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>已成交</translation>
    </message>
    <message>
        <source>Lost: {reason}</source>
        <translation>未成交：{reason}</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>The referral could not be changed ({error}).</source>
        <translation>转介未能更改（{error}）。</translation>
    </message>
</context>
<context>
    <name>ReferralReport</name>
    <message>
        <source>Referrer</source>
        <translation>转介人</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>转介数</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>成交</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>未成交</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未结</translation>
    </message>
    <message>
        <source>Won amount</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>转化率</translation>
    </message>
    <message>
        <source>Referrals by month</source>
        <translation>月度转介统计</translation>
    </message>
    <message>
        <source>Referrals by referrer and branch</source>
        <translation>按转介人和网点统计的转介</translation>
    </message>
    <message>
        <source>&amp;Month:</source>
        <translation>月份(&amp;M)：</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Save this table as an .xlsx workbook</source>
        <translation>将此表保存为 .xlsx 工作簿</translation>
    </message>
    <message>
        <source>No referrals in {month}</source>
        <translation>{month}没有转介</translation>
    </message>
    <message>
        <source>Choose another month, or refer customers from the lobby and the calls.</source>
        <translation>请选择其他月份，或在大堂和通话中转介客户。</translation>
    </message>
    <message>
        <source>referrals-{month}.xlsx</source>
        <translation>转介统计-{month}.xlsx</translation>
    </message>
    <message>
        <source>Export referrals</source>
        <translation>导出转介统计</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>未能保存 {path}：{error}</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Service level and volume</source>
        <translation>服务水平与话务量</translation>
    </message>
    <message>
        <source>ASA, AHT and abandons</source>
        <translation>平均应答、平均处理与放弃</translation>
    </message>
    <message>
        <source>Agent performance</source>
        <translation>坐席绩效</translation>
    </message>
    <message>
        <source>First-contact resolution</source>
        <translation>首次解决率</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Customer value (Pareto)</source>
        <translation>客户价值（帕累托）</translation>
    </message>
    <message>
        <source>Tiers by branch</source>
        <translation>各网点客户等级</translation>
    </message>
    <message>
        <source>Lifecycle funnel</source>
        <translation>生命周期漏斗</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Customer satisfaction</source>
        <translation>客户满意度</translation>
    </message>
    <message>
        <source>No calls in the chosen dates and queues.</source>
        <translation>所选日期和队列内没有通话。</translation>
    </message>
    <message>
        <source>Service level (%)</source>
        <translation>服务水平 (%)</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>呼入量</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Answered within threshold</source>
        <translation>阈值内接听</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Short abandons</source>
        <translation>短时放弃</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话数</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>ASA (s)</source>
        <translation>平均应答时长（秒）</translation>
    </message>
    <message>
        <source>AHT (s)</source>
        <translation>平均处理时长（秒）</translation>
    </message>
    <message>
        <source>Abandon rate (%)</source>
        <translation>放弃率 (%)</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>No agent handled a call in the chosen dates and teams.</source>
        <translation>所选日期和班组内没有坐席处理通话。</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Occupancy (%)</source>
        <translation>占用率 (%)</translation>
    </message>
    <message>
        <source>Wrap-ups over limit</source>
        <translation>超时话后整理</translation>
    </message>
    <message>
        <source>Top dispositions</source>
        <translation>主要处理结果</translation>
    </message>
    <message>
        <source>No resolved calls of known customers in the chosen dates and queues.</source>
        <translation>所选日期和队列内没有已识别客户的已解决通话。</translation>
    </message>
    <message>
        <source>First-contact resolution (%)</source>
        <translation>首次解决率 (%)</translation>
    </message>
    <message>
        <source>Resolved calls</source>
        <translation>已解决通话</translation>
    </message>
    <message>
        <source>No repeat within 7 days</source>
        <translation>7 天内未再来电</translation>
    </message>
    <message>
        <source>Repeated within 7 days</source>
        <translation>7 天内再次来电</translation>
    </message>
    <message>
        <source>No complaints were received or decided in the chosen dates and branches.</source>
        <translation>所选日期和网点内没有受理或办结的投诉。</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>On time (%)</source>
        <translation>按时办结率 (%)</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Average days to decide</source>
        <translation>平均办结天数</translation>
    </message>
    <message>
        <source>Breaches</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>Extensions</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>No customers in the chosen branches.</source>
        <translation>所选网点没有客户。</translation>
    </message>
    <message>
        <source>Top 20 %</source>
        <translation>前 20%</translation>
    </message>
    <message>
        <source>The row marked Top 20 % shows the share of assets the wealthiest fifth of customers hold.</source>
        <translation>标记为“前 20%”的一行显示资产最多的五分之一客户所持资产的占比。</translation>
    </message>
    <message>
        <source>No customer in the chosen branches holds any assets.</source>
        <translation>所选网点的客户均无资产。</translation>
    </message>
    <message>
        <source>Cumulative share of assets (%)</source>
        <translation>累计资产占比 (%)</translation>
    </message>
    <message>
        <source>Share of customers (%)</source>
        <translation>客户占比 (%)</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Share of assets (%)</source>
        <translation>资产占比 (%)</translation>
    </message>
    <message>
        <source>Assets (CNY)</source>
        <translation>资产（元）</translation>
    </message>
    <message>
        <source>Mass</source>
        <translation>大众</translation>
    </message>
    <message>
        <source>Affluent</source>
        <translation>富裕</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>金卡</translation>
    </message>
    <message>
        <source>Platinum</source>
        <translation>白金</translation>
    </message>
    <message>
        <source>Diamond</source>
        <translation>钻石</translation>
    </message>
    <message>
        <source>Private banking</source>
        <translation>私人银行</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Prospect</source>
        <translation>潜在客户</translation>
    </message>
    <message>
        <source>Onboarding</source>
        <translation>新开户</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Growing</source>
        <translation>成长</translation>
    </message>
    <message>
        <source>Mature</source>
        <translation>成熟</translation>
    </message>
    <message>
        <source>Dormant</source>
        <translation>休眠</translation>
    </message>
    <message>
        <source>Churn risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <source>Lifecycle stage</source>
        <translation>生命周期阶段</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>占比 (%)</translation>
    </message>
    <message>
        <source>No campaigns were created in the chosen dates.</source>
        <translation>所选日期内没有创建营销活动。</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Delivery rate (%)</source>
        <translation>送达率 (%)</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <source>Average score</source>
        <translation>平均分</translation>
    </message>
    <message>
        <source>Replied</source>
        <translation>已回复</translation>
    </message>
    <message>
        <source>Average score (1–5)</source>
        <translation>平均分（1–5）</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Surveys count on the day they were sent; complaint surveys are listed by category at the end.</source>
        <translation>回访按发送当日统计；投诉满意度回访按类别列于表末。</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Complaint category</source>
        <translation>投诉类别</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>No satisfaction surveys were sent in the chosen dates, queues and branches.</source>
        <translation>所选日期、队列和网点内没有发出满意度调查。</translation>
    </message>
    <message>
        <source>Percent</source>
        <translation>百分比</translation>
    </message>
    <message>
        <source>Response rate</source>
        <translation>回复率</translation>
    </message>
    <message>
        <source>Response rate %</source>
        <translation>回复率 %</translation>
    </message>
    <message>
        <source>Satisfied (4–5)</source>
        <translation>满意（4–5分）</translation>
    </message>
    <message>
        <source>Satisfied (4–5) %</source>
        <translation>满意（4–5分）%</translation>
    </message>
    <message>
        <source>Surveys sent</source>
        <translation>已发调查</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Nothing to show</source>
        <translation>没有可显示的数据</translation>
    </message>
    <message>
        <source>The report could not be run ({error}). Check the connection and try again.</source>
        <translation>报表未能运行（{error}）。请检查连接后重试。</translation>
    </message>
    <message>
        <source>Generated {when}</source>
        <translation>生成时间：{when}</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>Could not write the file: {error}</source>
        <translation>无法写入文件：{error}</translation>
    </message>
    <message>
        <source>Export XLSX</source>
        <translation>导出 XLSX</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>Chart PNG</source>
        <translation>图表 PNG</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Report table</source>
        <translation>报表明细</translation>
    </message>
</context>
<context>
    <name>ReportsSeat</name>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
</context>
<context>
    <name>RevealDialog</name>
    <message>
        <source>Show in full</source>
        <translation>显示完整信息</translation>
    </message>
    <message>
        <source>Why do you need to see the full {field}? The reason is recorded.</source>
        <translation>为什么需要查看完整的{field}？查看原因将被记录。</translation>
    </message>
    <message>
        <source>Choose a reason…</source>
        <translation>请选择原因…</translation>
    </message>
    <message>
        <source>Details (required for “Other”)</source>
        <translation>具体说明（选择“其他”时必填）</translation>
    </message>
    <message>
        <source>The value is shown for {seconds} seconds, then masked again.</source>
        <translation>完整信息显示 {seconds} 秒后自动重新遮蔽。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>Some rows could not be loaded. Scroll to try again.</source>
        <translation>部分结果加载失败，请滚动重试。</translation>
    </message>
    <message>
        <source>Enter: open · ↓: into the results · Ctrl+F: back here</source>
        <translation>回车打开客户 · ↓ 进入结果列表 · Ctrl+F 回到搜索框</translation>
    </message>
    <message>
        <source>Examples: 13812345678 · 张伟 · zhangwei · zw · 1234 · CIF000000000123</source>
        <translation>例如：13812345678 · 张伟 · zhangwei · zw · 1234 · CIF000000000123</translation>
    </message>
    <message>
        <source>Searched by {kind}</source>
        <translation>按{kind}查找</translation>
    </message>
    <message>
        <source>No matching customer</source>
        <translation>未找到匹配的客户</translation>
    </message>
    <message>
        <source>Check the input, or try another identifier such as the phone number or the last 4–6 characters of the ID.</source>
        <translation>请检查输入，或换一种方式查找，例如手机号或证件号后4-6位。</translation>
    </message>
    <message>
        <source>Input not recognised</source>
        <translation>无法识别的输入</translation>
    </message>
    <message>
        <source>Cannot search for this input</source>
        <translation>无法按此内容查找</translation>
    </message>
    <message>
        <source>Check the input.</source>
        <translation>请检查输入。</translation>
    </message>
    <message>
        <source>Search failed</source>
        <translation>查找失败</translation>
    </message>
    <message>
        <source>The search failed ({error}). Check the connection and try again.</source>
        <translation>查找失败（{error}），请检查网络连接后重试。</translation>
    </message>
    <message>
        <source>Searched by {kind} · showing the first {count}</source>
        <translation>按{kind}查找 · 显示前 {count} 位客户</translation>
    </message>
    <message>
        <source>Too many results; showing only the first {count}. Please type more.</source>
        <translation>结果过多，仅显示前 {count} 条，请输入更多信息</translation>
    </message>
    <message>
        <source>Searched by {kind} · {count} found</source>
        <translation>按{kind}查找 · 共 {count} 位客户</translation>
    </message>
    <message>
        <source>Find a customer</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <source>Phone / name / pinyin / ID last 4–6 / CIF / account or card no.</source>
        <translation>手机号 / 姓名 / 拼音 / 证件号后4-6位 / 客户号 / 账号卡号</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Type a phone number, name or other identifier to start</source>
        <translation>输入手机号、姓名…开始查找</translation>
    </message>
    <message>
        <source>Accepted: phone, name, pinyin or initials, ID last 4–6, CIF, account or card number</source>
        <translation>支持：手机号、姓名、拼音或首字母、证件号后4-6位、客户号、账号卡号</translation>
    </message>
</context>
<context>
    <name>SearchResultModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Customer manager</source>
        <translation>客户经理</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>The keyboard shortcuts of this window, as they are now:</source>
        <translation>本窗口当前可用的键盘快捷键：</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Other keys</source>
        <translation>其他快捷键</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Database: {db}</source>
        <translation>数据库：{db}</translation>
    </message>
    <message>
        <source>Connecting to the database…</source>
        <translation>正在连接数据库…</translation>
    </message>
    <message>
        <source>Sign in — ContactDesk</source>
        <translation>登录 — ContactDesk</translation>
    </message>
    <message>
        <source>Customer service desktop for retail banking</source>
        <translation>零售银行客户服务工作台</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Caps Lock is on.</source>
        <translation>大写锁定已打开。</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>StatePane</name>
    <message>
        <source>This customer no longer exists.</source>
        <translation>该客户已不存在。</translation>
    </message>
    <message>
        <source>Could not load the data ({error}). Check the connection and try again.</source>
        <translation>数据加载失败（{error}），请检查网络连接后重试。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title (Chinese)</source>
        <translation>标题（中文）</translation>
    </message>
    <message>
        <source>Title (English)</source>
        <translation>标题（英文）</translation>
    </message>
    <message>
        <source>Text (Chinese)</source>
        <translation>文本（中文）</translation>
    </message>
    <message>
        <source>Text (English)</source>
        <translation>文本（英文）</translation>
    </message>
    <message>
        <source>Answer variable</source>
        <translation>回答变量</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <source>Answer type</source>
        <translation>回答类型</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>核验问题</translation>
    </message>
    <message>
        <source>Must pass</source>
        <translation>需通过</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Wrap-up disposition</source>
        <translation>整理处理结果</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>If it fails</source>
        <translation>未通过时</translation>
    </message>
    <message>
        <source>On error</source>
        <translation>出错时</translation>
    </message>
    <message>
        <source>Otherwise</source>
        <translation>否则</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Last 4 digits of the ID</source>
        <translation>证件号后四位</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>A recent transaction</source>
        <translation>近期一笔交易</translation>
    </message>
    <message>
        <source>mask the answer on the timeline and in reports</source>
        <translation>在时间线和报表中遮蔽该回答</translation>
    </message>
    <message>
        <source>min, max (or the text's maximum length)</source>
        <translation>最小值, 最大值（文本则为最大长度）</translation>
    </message>
    <message>
        <source>a disposition code, e.g. service.card_loss (empty: the outcome)</source>
        <translation>处理结果代码，如 service.card_loss（留空则用结果代码）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Label (Chinese)</source>
        <translation>标签（中文）</translation>
    </message>
    <message>
        <source>Label (English)</source>
        <translation>标签（英文）</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Value (English)</source>
        <translation>值（英文）</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>添加行</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>删除行</translation>
    </message>
    <message>
        <source>Step {id}</source>
        <translation>步骤 {id}</translation>
    </message>
    <message>
        <source>Choose a step on the canvas</source>
        <translation>请在流程图上选择一个步骤</translation>
    </message>
</context>
<context>
    <name>SurveySettingsButton</name>
    <message>
        <source>Satisfaction surveys…</source>
        <translation>满意度回访…</translation>
    </message>
    <message>
        <source>Which calls get an SMS survey, per queue</source>
        <translation>按队列设置哪些来电发送短信满意度回访</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>New template</source>
        <translation>新建模板</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>one per line, e.g.  deposit_amount: money</source>
        <translation>每行一个，例如  deposit_amount: money</translation>
    </message>
    <message>
        <source>CIF number</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Submit for approval</source>
        <translation>提交审批</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>New version</source>
        <translation>新建版本</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML 正文</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Preview for</source>
        <translation>预览客户</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Version {n}: {status}</source>
        <translation>版本 {n}：{status}</translation>
    </message>
    <message>
        <source>Variables, line {n}: write name: type</source>
        <translation>变量第 {n} 行：请写成 名称: 类型</translation>
    </message>
    <message>
        <source>No customer with that CIF number.</source>
        <translation>没有该客户号的客户。</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已审批</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
</context>
<context>
    <name>TicketActionBar</name>
    <message>
        <source>Acknowledge</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Start handling</source>
        <translation>开始处理</translation>
    </message>
    <message>
        <source>Wait for customer</source>
        <translation>待客户反馈</translation>
    </message>
    <message>
        <source>Wait internally</source>
        <translation>待内部处理</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>领取</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>分派…</translation>
    </message>
    <message>
        <source>Escalate…</source>
        <translation>升级…</translation>
    </message>
    <message>
        <source>Complex case (30 days)…</source>
        <translation>认定复杂投诉（30日）…</translation>
    </message>
    <message>
        <source>Request extension…</source>
        <translation>申请延期…</translation>
    </message>
    <message>
        <source>Decide extension…</source>
        <translation>审批延期…</translation>
    </message>
    <message>
        <source>Merge repeat…</source>
        <translation>合并重复投诉…</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>作出处理决定…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>TicketCodes</name>
    <message>
        <source>Phone call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Branch visit</source>
        <translation>网点来访</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Regulator referral</source>
        <translation>监管转办</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Upheld</source>
        <translation>投诉成立</translation>
    </message>
    <message>
        <source>Partly upheld</source>
        <translation>投诉部分成立</translation>
    </message>
    <message>
        <source>Not upheld</source>
        <translation>投诉不成立</translation>
    </message>
    <message>
        <source>Withdrawn by the customer</source>
        <translation>客户撤回</translation>
    </message>
    <message>
        <source>ID document checked</source>
        <translation>核验身份证件</translation>
    </message>
    <message>
        <source>Verified by phone</source>
        <translation>电话核实</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>短信验证码</translation>
    </message>
    <message>
        <source>Checked at the counter</source>
        <translation>柜面核验</translation>
    </message>
    <message>
        <source>Provided by the regulator</source>
        <translation>监管机构提供</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>未核实</translation>
    </message>
    <message>
        <source>Extension requested</source>
        <translation>已申请延期</translation>
    </message>
    <message>
        <source>Extension approved</source>
        <translation>延期已批准</translation>
    </message>
    <message>
        <source>Extension rejected</source>
        <translation>延期未获批准</translation>
    </message>
    <message>
        <source>Scanned, clean</source>
        <translation>已扫描，安全</translation>
    </message>
    <message>
        <source>Scan pending</source>
        <translation>等待扫描</translation>
    </message>
    <message>
        <source>Not scanned</source>
        <translation>未扫描</translation>
    </message>
    <message>
        <source>Infected</source>
        <translation>已感染</translation>
    </message>
    <message>
        <source>The action failed ({error}). Check the connection and try again.</source>
        <translation>操作失败（{error}），请检查网络连接后重试。</translation>
    </message>
</context>
<context>
    <name>TicketDeadline</name>
    <message>
        <source>{days}d {hours}h</source>
        <translation>{days}天{hours}小时</translation>
    </message>
    <message>
        <source>{hours}h {minutes}m</source>
        <translation>{hours}小时{minutes}分</translation>
    </message>
    <message>
        <source>{minutes}m</source>
        <translation>{minutes}分钟</translation>
    </message>
    <message>
        <source>Overdue {span}</source>
        <translation>超期{span}</translation>
    </message>
    <message>
        <source>No regulatory deadline</source>
        <translation>无监管时限</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止计时</translation>
    </message>
    <message>
        <source>Clock stopped; the deadline was {due}</source>
        <translation>已停止计时；原处理期限为 {due}</translation>
    </message>
    <message>
        <source>The deadline {due} has passed</source>
        <translation>处理期限 {due} 已过</translation>
    </message>
    <message>
        <source>{span} left</source>
        <translation>剩余{span}</translation>
    </message>
    <message>
        <source>Decide by {due}</source>
        <translation>须于 {due} 前作出决定</translation>
    </message>
</context>
<context>
    <name>TicketDetails</name>
    <message>
        <source>Verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>未核实</translation>
    </message>
    <message>
        <source>{score} of 5</source>
        <translation>{score}/5分</translation>
    </message>
    <message>
        <source>Received through</source>
        <translation>受理渠道</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Referral date</source>
        <translation>转办日期</translation>
    </message>
    <message>
        <source>Customer asks for</source>
        <translation>客户诉求</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Employee complained about</source>
        <translation>被投诉员工</translation>
    </message>
    <message>
        <source>Branch complained about</source>
        <translation>被投诉网点</translation>
    </message>
    <message>
        <source>Complainant's identity</source>
        <translation>投诉人身份</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Compensation</source>
        <translation>补偿金额</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
</context>
<context>
    <name>TicketDialogs</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Please give the reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>Assign ticket</source>
        <translation>分派工单</translation>
    </message>
    <message>
        <source>Choose the handler. The employee the complaint is about, and anyone above them in their reporting line, cannot handle it.</source>
        <translation>请选择处理人。被投诉的员工本人及其汇报线上的上级均须回避。</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分派</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Choose a handler.</source>
        <translation>请选择处理人。</translation>
    </message>
    <message>
        <source>Decide the extension</source>
        <translation>审批延期申请</translation>
    </message>
    <message>
        <source>Ticket {number} asks for a further {days} days beyond {due}. On approval the customer is told the new deadline and the reason.</source>
        <translation>工单 {number} 申请在 {due} 基础上再延长 {days} 日。批准后将告知客户新的处理期限及原因。</translation>
    </message>
    <message>
        <source>Record decision</source>
        <translation>记录审批结果</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>不批准</translation>
    </message>
    <message>
        <source>Reason (told to the customer)</source>
        <translation>原因（将告知客户）</translation>
    </message>
    <message>
        <source>Merge a repeat complaint</source>
        <translation>合并重复投诉</translation>
    </message>
    <message>
        <source>Ticket {number} repeats an open complaint. Merging closes it into the original, whose deadline does not change.</source>
        <translation>工单 {number} 与一件未结投诉重复。合并后并入原投诉，原投诉的处理期限不变。</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>{number} · {category} · due {due}</source>
        <translation>{number} · {category} · 期限 {due}</translation>
    </message>
    <message>
        <source>Merge into</source>
        <translation>并入</translation>
    </message>
    <message>
        <source>No open complaint of this customer on the same matter.</source>
        <translation>该客户没有同一事项的未结投诉。</translation>
    </message>
    <message>
        <source>Choose the original complaint.</source>
        <translation>请选择原投诉。</translation>
    </message>
</context>
<context>
    <name>TicketDock</name>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Open in tickets workspace</source>
        <translation>在工单工作区打开</translation>
    </message>
    <message>
        <source>Show this ticket in the tickets workspace, beside your list</source>
        <translation>在工单工作区中打开此工单（与您的工单列表并列）</translation>
    </message>
    <message>
        <source>Close the ticket pane</source>
        <translation>关闭工单窗格</translation>
    </message>
</context>
<context>
    <name>TicketHeader</name>
    <message>
        <source>Read out: {spoken}</source>
        <translation>读法：{spoken}</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>无客户</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>未分派</translation>
    </message>
    <message>
        <source>Customer: {customer} · Handler: {handler}</source>
        <translation>客户：{customer} · 处理人：{handler}</translation>
    </message>
    <message>
        <source>No regulatory deadline</source>
        <translation>无监管时限</translation>
    </message>
    <message>
        <source>Deadline {due}</source>
        <translation>处理期限 {due}</translation>
    </message>
    <message>
        <source>{count} working days left</source>
        <translation>剩余 {count} 个工作日</translation>
    </message>
    <message>
        <source>Working days from today to the deadline, both counted</source>
        <translation>自今日至期限日的工作日数（含首尾）</translation>
    </message>
    <message>
        <source>Decided {day}. The customer may ask for a review until {until} ({days} days).</source>
        <translation>已于 {day} 作出决定。客户可于 {until} 前（{days} 日内）申请核查。</translation>
    </message>
    <message>
        <source>Merged into another complaint; its deadline governs.</source>
        <translation>已并入另一件投诉，以该投诉的处理期限为准。</translation>
    </message>
    <message>
        <source>working days</source>
        <translation>个工作日</translation>
    </message>
    <message>
        <source>calendar days</source>
        <translation>个自然日</translation>
    </message>
    <message>
        <source>Extended period: {days} {unit} from receipt (complex case, extension approved)</source>
        <translation>延长期限：自受理起 {days} {unit}（复杂投诉，延期已批准）</translation>
    </message>
    <message>
        <source>Complex case: {days} {unit} from receipt</source>
        <translation>复杂投诉：自受理起 {days} {unit}</translation>
    </message>
    <message>
        <source>Standard period: {days} {unit} from receipt</source>
        <translation>一般期限：自受理起 {days} {unit}</translation>
    </message>
</context>
<context>
    <name>TicketHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Complaint received ({channel})</source>
        <translation>受理投诉（{channel}）</translation>
    </message>
    <message>
        <source>Complaint received</source>
        <translation>受理投诉</translation>
    </message>
    <message>
        <source>Assigned to {name}</source>
        <translation>分派给 {name}</translation>
    </message>
    <message>
        <source>Assignment changed</source>
        <translation>分派变更</translation>
    </message>
    <message>
        <source>Status: {old} → {new}</source>
        <translation>状态：{old} → {new}</translation>
    </message>
    <message>
        <source>Customer contacted</source>
        <translation>已联系客户</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Notice held: no address on file</source>
        <translation>通知暂缓：无联系方式</translation>
    </message>
    <message>
        <source>Notice to the customer</source>
        <translation>已通知客户</translation>
    </message>
    <message>
        <source>Deadline warning {level} of {of}</source>
        <translation>时限预警 {level}/{of}</translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation>已超过处理期限</translation>
    </message>
    <message>
        <source>Escalated to {names}</source>
        <translation>已升级至 {names}</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>First response overdue</source>
        <translation>首次响应超时</translation>
    </message>
    <message>
        <source>Customer update overdue</source>
        <translation>进展告知超时</translation>
    </message>
    <message>
        <source>Marked as a complex case; new deadline {day}</source>
        <translation>认定为复杂投诉；新期限 {day}</translation>
    </message>
    <message>
        <source>Further extension requested</source>
        <translation>已申请再延期</translation>
    </message>
    <message>
        <source>Extension approved; new deadline {day}</source>
        <translation>延期已批准；新期限 {day}</translation>
    </message>
    <message>
        <source>Extension rejected</source>
        <translation>延期未获批准</translation>
    </message>
    <message>
        <source>Decided: {outcome}</source>
        <translation>已作出决定：{outcome}</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Reopened; new deadline {day}</source>
        <translation>已重新打开；新期限 {day}</translation>
    </message>
    <message>
        <source>Merged into {number}</source>
        <translation>已并入 {number}</translation>
    </message>
    <message>
        <source>Repeat complaint {number} merged in; the deadline is kept</source>
        <translation>重复投诉 {number} 已并入，处理期限不变</translation>
    </message>
    <message>
        <source>File attached</source>
        <translation>已上传附件</translation>
    </message>
    <message>
        <source>Survey reply: {score} of 5</source>
        <translation>满意度回复：{score}/5分</translation>
    </message>
    <message>
        <source>Survey reply</source>
        <translation>满意度回复</translation>
    </message>
    <message>
        <source>Details changed</source>
        <translation>信息已修改</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>TicketListModel</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>处理期限</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分派</translation>
    </message>
    <message>
        <source>Names are masked in lists; open the ticket to see it.</source>
        <translation>列表中姓名已脱敏；打开工单可查看。</translation>
    </message>
</context>
<context>
    <name>TicketListView</name>
    <message>
        <source>Saved filters…</source>
        <translation>已保存的筛选…</translation>
    </message>
    <message>
        <source> (shared)</source>
        <translation>（共享）</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>保存筛选</translation>
    </message>
    <message>
        <source>Name of the filter:</source>
        <translation>筛选名称：</translation>
    </message>
    <message>
        <source>Exported {count} tickets to {file}.</source>
        <translation>已导出 {count} 张工单到 {file}。</translation>
    </message>
    <message>
        <source>Export tickets</source>
        <translation>导出工单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>{count}+ tickets</source>
        <translation>{count}+ 张工单</translation>
    </message>
    <message>
        <source>{count} tickets</source>
        <translation>{count} 张工单</translation>
    </message>
    <message>
        <source>{number} is not on your list</source>
        <translation>{number} 不在您的工单列表中</translation>
    </message>
    <message>
        <source>It is open beside the list: its customer is yours to see, the ticket is not yours or your team's.</source>
        <translation>该工单已在右侧打开：您可查看其客户，但该工单既不属于您，也不属于您的团队。</translation>
    </message>
    <message>
        <source>No tickets match</source>
        <translation>没有符合条件的工单</translation>
    </message>
    <message>
        <source>Change or clear the filter to see more.</source>
        <translation>请修改或清除筛选条件。</translation>
    </message>
    <message>
        <source>Nothing at risk</source>
        <translation>没有临近期限的工单</translation>
    </message>
    <message>
        <source>No open ticket is running out of time.</source>
        <translation>所有未结工单时间尚充裕。</translation>
    </message>
    <message>
        <source>Nothing overdue</source>
        <translation>没有超期工单</translation>
    </message>
    <message>
        <source>Every open ticket is within its deadline.</source>
        <translation>所有未结工单均在处理期限内。</translation>
    </message>
    <message>
        <source>No tickets of yours</source>
        <translation>没有您的工单</translation>
    </message>
    <message>
        <source>Complaints you register or handle appear here.</source>
        <translation>您登记或处理的投诉会显示在这里。</translation>
    </message>
    <message>
        <source>Find tickets</source>
        <translation>查找工单</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>No tickets</source>
        <translation>没有工单</translation>
    </message>
    <message>
        <source>Tickets of your team appear here as they come in.</source>
        <translation>团队的新工单会显示在这里。</translation>
    </message>
    <message>
        <source>My tickets</source>
        <translation>我的工单</translation>
    </message>
    <message>
        <source>Team queue</source>
        <translation>团队队列</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>临近期限</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Everything I can see</source>
        <translation>我可查看的全部</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未结</translation>
    </message>
    <message>
        <source>All, including closed</source>
        <translation>全部（含已结）</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Ticket number or words of the summary</source>
        <translation>工单编号或摘要关键词</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Save filter…</source>
        <translation>保存筛选…</translation>
    </message>
    <message>
        <source>Delete filter</source>
        <translation>删除筛选</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Which tickets to show</source>
        <translation>显示哪些工单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>TicketPanel</name>
    <message>
        <source>No ticket open</source>
        <translation>未打开工单</translation>
    </message>
    <message>
        <source>Choose a ticket in the list to see it here.</source>
        <translation>在列表中选择工单后在此查看。</translation>
    </message>
    <message>
        <source>Files ({count})</source>
        <translation>附件（{count}）</translation>
    </message>
    <message>
        <source>Status changed.</source>
        <translation>状态已更新。</translation>
    </message>
    <message>
        <source>The ticket is yours.</source>
        <translation>工单已由您领取。</translation>
    </message>
    <message>
        <source>Closed; the satisfaction survey was sent.</source>
        <translation>已关闭，满意度调查已发送。</translation>
    </message>
    <message>
        <source>Assigned.</source>
        <translation>已分派。</translation>
    </message>
    <message>
        <source>Escalate ticket {number}</source>
        <translation>升级工单 {number}</translation>
    </message>
    <message>
        <source>The ticket goes to the team's supervisor; a supervisor's goes to the complaint-management owner.</source>
        <translation>工单将升级至团队主管；主管升级的工单将提交投诉管理负责人。</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Escalated.</source>
        <translation>已升级。</translation>
    </message>
    <message>
        <source>Complex case</source>
        <translation>复杂投诉</translation>
    </message>
    <message>
        <source>The deadline becomes 30 days from receipt; the customer is told the new date and the reason.</source>
        <translation>处理期限改为自受理起30日，并告知客户新的期限及原因。</translation>
    </message>
    <message>
        <source>Mark complex</source>
        <translation>认定为复杂投诉</translation>
    </message>
    <message>
        <source>Marked as a complex case.</source>
        <translation>已认定为复杂投诉。</translation>
    </message>
    <message>
        <source>Request a further extension</source>
        <translation>申请再延期</translation>
    </message>
    <message>
        <source>A superior office must approve a further 30 days; someone with that right decides.</source>
        <translation>再延长30日须经上级机构批准，由有审批权限的人员决定。</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Extension requested.</source>
        <translation>已申请延期。</translation>
    </message>
    <message>
        <source>Extension approved; the customer is told.</source>
        <translation>延期已批准，已通知客户。</translation>
    </message>
    <message>
        <source>Extension rejected.</source>
        <translation>延期未获批准。</translation>
    </message>
    <message>
        <source>Merged; the original complaint keeps its deadline.</source>
        <translation>已合并，原投诉处理期限不变。</translation>
    </message>
    <message>
        <source>Decision recorded; the notice to the customer is on its way.</source>
        <translation>处理决定已记录，正在通知客户。</translation>
    </message>
    <message>
        <source>Reopen ticket {number}</source>
        <translation>重新打开工单 {number}</translation>
    </message>
    <message>
        <source>The customer is owed a new decision: the deadline is counted afresh from today.</source>
        <translation>须重新作出处理决定：处理期限自今日起重新计算。</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Reopened.</source>
        <translation>已重新打开。</translation>
    </message>
    <message>
        <source>Export ticket</source>
        <translation>导出工单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported to {file}.</source>
        <translation>已导出到 {file}。</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>附件</translation>
    </message>
</context>
<context>
    <name>TicketPresenceBanner</name>
    <message>
        <source>Others on this ticket</source>
        <translation>此工单的其他处理人</translation>
    </message>
    <message>
        <source>%1 is editing this ticket</source>
        <translation>%1 正在编辑此工单</translation>
    </message>
    <message>
        <source>%1 are editing this ticket</source>
        <translation>%1 正在编辑此工单</translation>
    </message>
    <message>
        <source>%1 is viewing this ticket</source>
        <translation>%1 正在查看此工单</translation>
    </message>
    <message>
        <source>%1 are viewing this ticket</source>
        <translation>%1 正在查看此工单</translation>
    </message>
    <message>
        <source>a note or decision of yours may cross theirs</source>
        <translation>您的备注或决定可能与对方冲突</translation>
    </message>
</context>
<context>
    <name>TicketPrinter</name>
    <message>
        <source>Ticket saved as {path}</source>
        <translation>号票已保存为 {path}</translation>
    </message>
    <message>
        <source>No printer: the number is issued and shown on screen</source>
        <translation>没有打印机：号码已取，请以屏幕显示为准</translation>
    </message>
    <message>
        <source>The printer did not print: the number is issued and shown on screen</source>
        <translation>打印机未能打印：号码已取，请以屏幕显示为准</translation>
    </message>
    <message>
        <source>Ticket printed</source>
        <translation>号票已打印</translation>
    </message>
    <message>
        <source>No counter is open for this service right now</source>
        <translation>该业务当前没有开放的窗口</translation>
    </message>
    <message>
        <source>Estimated wait: about {n} min</source>
        <translation>预计等候约 {n} 分钟</translation>
    </message>
    <message>
        <source>People ahead of you: {n}</source>
        <translation>您前面还有 {n} 人</translation>
    </message>
    <message>
        <source>Issued {time}</source>
        <translation>取号时间 {time}</translation>
    </message>
    <message>
        <source>Please wait for your number to be called</source>
        <translation>请留意叫号，耐心等候</translation>
    </message>
</context>
<context>
    <name>TicketResolveDialog</name>
    <message>
        <source>Decide complaint {number}</source>
        <translation>对投诉 {number} 作出处理决定</translation>
    </message>
    <message>
        <source>Record the decision. The customer is sent the notice below; it tells them they may ask for a review within {days} days and names the mediation, arbitration and court routes.</source>
        <translation>记录处理决定。客户将收到下方通知，告知其可在 {days} 日内申请核查，以及调解、仲裁和诉讼等途径。</translation>
    </message>
    <message>
        <source>Record decision and notify</source>
        <translation>记录决定并通知客户</translation>
    </message>
    <message>
        <source>Amount in CNY, if any</source>
        <translation>如有补偿，填写人民币金额</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Compensation</source>
        <translation>补偿金额</translation>
    </message>
    <message>
        <source>Notice to the customer</source>
        <translation>致客户通知</translation>
    </message>
    <message>
        <source>Enter the decision.</source>
        <translation>请填写处理决定。</translation>
    </message>
    <message>
        <source>The compensation is not an amount.</source>
        <translation>补偿金额格式不正确。</translation>
    </message>
    <message>
        <source>The compensation cannot be negative.</source>
        <translation>补偿金额不能为负数。</translation>
    </message>
    <message>
        <source>Draft restored</source>
        <translation>已恢复草稿</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>草稿已保存</translation>
    </message>
    <message>
        <source>Unsaved text restored from this computer</source>
        <translation>已从本机恢复未保存的内容</translation>
    </message>
    <message>
        <source>Not saved yet: the database did not answer. Kept on this computer; saved when it is back.</source>
        <translation>尚未保存：数据库无响应。内容已保存在本机，恢复连接后自动保存。</translation>
    </message>
</context>
<context>
    <name>TicketsWorkspace</name>
    <message>
        <source>You have {count} unfinished complaint intake(s); nothing typed was lost.</source>
        <translation>您有 {count} 件未完成的投诉受理，已填写的内容均已保存。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续受理</translation>
    </message>
</context>
<context>
    <name>Tile</name>
    <message>
        <source>Available</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>小休</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>{count} loaded · loading more…</source>
        <translation>已加载 {count} 条 · 正在加载更多…</translation>
    </message>
    <message>
        <source>{count} contacts</source>
        <translation>共 {count} 条记录</translation>
    </message>
    <message>
        <source>{count} loaded · scroll for more</source>
        <translation>已加载 {count} 条 · 向下滚动加载更多</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer the customer</source>
        <translation>转移客户</translation>
    </message>
    <message>
        <source>The customer keeps their place and waits for the service or counter you choose.</source>
        <translation>客户保留原排队位置，等候您所选的业务或窗口。</translation>
    </message>
    <message>
        <source>To the &amp;service</source>
        <translation>转到业务(&amp;S)</translation>
    </message>
    <message>
        <source>To the c&amp;ounter</source>
        <translation>转到窗口(&amp;O)</translation>
    </message>
</context>
<context>
    <name>TransferPicker</name>
    <message>
        <source>Could not read who is available ({error}).</source>
        <translation>无法读取同事的状态（{error}）。</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>同事</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Queue: {queue}</source>
        <translation>队列：{queue}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Nobody found who can take the call now.</source>
        <translation>没有找到此刻可以接听的同事或队列。</translation>
    </message>
    <message>
        <source>↑↓ choose · Enter transfers · Esc closes</source>
        <translation>↑↓ 选择 · 回车转接 · Esc 关闭</translation>
    </message>
    <message>
        <source>no phone set up</source>
        <translation>未配置话机</translation>
    </message>
    <message>
        <source>Transfer the call</source>
        <translation>转接来电</translation>
    </message>
    <message>
        <source>Transfer to a colleague who is available, or back to a queue.</source>
        <translation>转给空闲的同事，或转回队列。</translation>
    </message>
    <message>
        <source>Name, pinyin, initials or login</source>
        <translation>姓名、拼音、首字母或登录名</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>No monthly figures yet</source>
        <translation>暂无月度数据</translation>
    </message>
    <message>
        <source>Peak {peak} · latest {latest}</source>
        <translation>最高 {peak} · 最近 {latest}</translation>
    </message>
</context>
<context>
    <name>UnknownCallerPage</name>
    <message>
        <source>Number withheld</source>
        <translation>号码已隐藏</translation>
    </message>
    <message>
        <source>The caller's number is hidden</source>
        <translation>来电号码已隐藏</translation>
    </message>
    <message>
        <source>Ask for their name and ID, then find them with the search. No customer is created from a call with a hidden number.</source>
        <translation>请询问客户姓名和证件，再通过查询找到客户。隐藏号码的来电不会新建客户。</translation>
    </message>
    <message>
        <source>Several customers share this number</source>
        <translation>多位客户共用此号码</translation>
    </message>
    <message>
        <source>Ask who is calling, then pick them in the call panel, or find them with the search. Nothing is linked until you do.</source>
        <translation>请先确认来电人，再在通话面板中选择，或通过查询查找；选择前不会关联任何客户。</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>未知来电</translation>
    </message>
    <message>
        <source>No number</source>
        <translation>无号码</translation>
    </message>
    <message>
        <source>This number belongs to no customer. Find the caller with the search, or create them as a new customer from this call.</source>
        <translation>此号码不属于任何客户。请通过查询查找来电人，或根据本次来电新建客户。</translation>
    </message>
    <message>
        <source>This number belongs to no customer. Find the caller with the search.</source>
        <translation>此号码不属于任何客户。请通过查询查找来电人。</translation>
    </message>
    <message>
        <source>Queue: {queue}</source>
        <translation>队列：{queue}</translation>
    </message>
    <message>
        <source>Pressed {digit}</source>
        <translation>按键 {digit}</translation>
    </message>
    <message>
        <source>Waited {seconds} s</source>
        <translation>等待 {seconds} 秒</translation>
    </message>
    <message>
        <source>Next steps</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Search for the customer ({key})</source>
        <translation>查询客户 ({key})</translation>
    </message>
    <message>
        <source>New customer from this call</source>
        <translation>根据来电新建客户</translation>
    </message>
    <message>
        <source>Pick the caller</source>
        <translation>选择来电人</translation>
    </message>
</context>
<context>
    <name>WaitingCallsModel</name>
    <message>
        <source>Call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>开始排队</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>排队中</translation>
    </message>
</context>
<context>
    <name>WallboardPage</name>
    <message>
        <source>Wallboard</source>
        <translation>实时看板</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>班组(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Queue:</source>
        <translation>队列(&amp;Q)：</translation>
    </message>
    <message>
        <source>Show one team's queues and agents (Alt+T)</source>
        <translation>只显示一个班组的队列和坐席（Alt+T）</translation>
    </message>
    <message>
        <source>Show one queue and the agents who take its calls (Alt+Q)</source>
        <translation>只显示一个队列及可接听该队列的坐席（Alt+Q）</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Show the wallboard full screen, for a TV ({key}; Esc to leave)</source>
        <translation>全屏显示看板，用于电视大屏（{key}；按 Esc 退出）</translation>
    </message>
    <message>
        <source>Waiting for the first figures…</source>
        <translation>正在等待首批数据…</translation>
    </message>
    <message>
        <source>No connection to the wallboard service yet.</source>
        <translation>尚未连接到看板服务。</translation>
    </message>
    <message>
        <source>The board fills in as soon as the wallboard service sends the floor's figures.</source>
        <translation>看板服务发送全场数据后，看板即会显示。</translation>
    </message>
    <message>
        <source>Not current: last update {time}</source>
        <translation>数据非实时：最后更新于 {time}</translation>
    </message>
    <message>
        <source>As of {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>全部班组</translation>
    </message>
    <message>
        <source>All queues</source>
        <translation>全部队列</translation>
    </message>
</context>
<context>
    <name>WallboardSeat</name>
    <message>
        <source>Wallboard</source>
        <translation>实时看板</translation>
    </message>
</context>
<context>
    <name>WallboardTexts</name>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Service level = answered within {threshold} s / (answered + abandoned, short abandons within {short} s excluded); resets daily at {reset}</source>
        <translation>服务水平 = {threshold} 秒内接听 / (接听 + 放弃，不含 {short} 秒内的短放弃)；每日 {reset} 重置</translation>
    </message>
    <message>
        <source>Service level = answered within {threshold} s / (answered + all abandoned); resets daily at {reset}</source>
        <translation>服务水平 = {threshold} 秒内接听 / (接听 + 全部放弃)；每日 {reset} 重置</translation>
    </message>
    <message>
        <source>Service level = answered within {threshold} s / answered (abandons not counted); resets daily at {reset}</source>
        <translation>服务水平 = {threshold} 秒内接听 / 接听（不计放弃）；每日 {reset} 重置</translation>
    </message>
    <message>
        <source>Target: {target} %</source>
        <translation>目标：{target} %</translation>
    </message>
    <message>
        <source>ASA = average wait of the answered calls; AHT = average talk + wrap-up of the calls finished today</source>
        <translation>平均应答 = 已接听来电的平均等待时长；平均处理 = 今日已结束来电的平均通话 + 话后处理时长</translation>
    </message>
    <message>
        <source>Abandoned within {short} s counts as a short abandon</source>
        <translation>{short} 秒内放弃计为短放弃</translation>
    </message>
    <message>
        <source>Warning at {w} waiting or a wait of {ws}; critical at {c} waiting or a wait of {cs}</source>
        <translation>排队 {w} 通或等待 {ws} 时警告；排队 {c} 通或等待 {cs} 时严重</translation>
    </message>
    <message>
        <source>longest wait {value} (limit {limit})</source>
        <translation>最长等待 {value}（阈值 {limit}）</translation>
    </message>
    <message>
        <source>{value} waiting (limit {limit})</source>
        <translation>排队 {value} 通（阈值 {limit}）</translation>
    </message>
</context>
<context>
    <name>WebhookIssuesPage</name>
    <message>
        <source>Failed at</source>
        <translation>失败时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>IVR key press</source>
        <translation>IVR 按键</translation>
    </message>
    <message>
        <source>Call status</source>
        <translation>通话状态</translation>
    </message>
    <message>
        <source>SMS status</source>
        <translation>短信状态</translation>
    </message>
    <message>
        <source>SMS reply</source>
        <translation>短信回复</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>重放</translation>
    </message>
    <message>
        <source>Webhook issues</source>
        <translation>网关异常</translation>
    </message>
    <message>
        <source>Webhooks the gateway could not apply because of their data (not because the network or the database was away). They are never retried by themselves: find out what happened, put it right where needed, then mark each one as settled with a note saying what was done.</source>
        <translation>网关因回调数据本身的问题（而非网络或数据库暂时不可用）而无法处理的回调。这些回调不会自动重试：请查明原因，必要时进行补救，然后逐条标记为已处理，并写明所做的处理。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Mark as settled…</source>
        <translation>标记已处理…</translation>
    </message>
    <message>
        <source>Settle the selected issue (Enter)</source>
        <translation>处理所选异常（Enter）</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Error type</source>
        <translation>错误类型</translation>
    </message>
    <message>
        <source>Request (phone numbers masked, message text withheld)</source>
        <translation>请求内容（电话号码已掩码，短信内容不显示）</translation>
    </message>
    <message>
        <source>Select an issue to see its request and error.</source>
        <translation>选择一条异常以查看请求内容和错误。</translation>
    </message>
    <message>
        <source>Webhook issues ({n})</source>
        <translation>网关异常 ({n})</translation>
    </message>
    <message>
        <source>New webhook issue: the gateway set a webhook aside. See “Webhook issues”.</source>
        <translation>新的网关异常：网关有 1 条回调无法处理，请查看“网关异常”页。</translation>
    </message>
    <message>
        <source>{n} new webhook issues: the gateway set webhooks aside. See “Webhook issues”.</source>
        <translation>新的网关异常：网关有 {n} 条回调无法处理，请查看“网关异常”页。</translation>
    </message>
    <message>
        <source>Issue #{id} settled.</source>
        <translation>异常 #{id} 已处理。</translation>
    </message>
    <message>
        <source>{n} webhook issues are waiting; the newest {shown} are listed.</source>
        <translation>有 {n} 条网关异常待处理，此处列出最新的 {shown} 条。</translation>
    </message>
    <message>
        <source>1 webhook issue is waiting.</source>
        <translation>有 1 条网关异常待处理。</translation>
    </message>
    <message>
        <source>{n} webhook issues are waiting.</source>
        <translation>有 {n} 条网关异常待处理。</translation>
    </message>
    <message>
        <source>No webhook issues to settle</source>
        <translation>没有待处理的网关异常</translation>
    </message>
    <message>
        <source>Webhooks the gateway cannot apply because of their data will appear here as they happen.</source>
        <translation>网关因数据问题无法处理的回调，一发生就会显示在这里。</translation>
    </message>
    <message>
        <source>(withheld, {n} characters)</source>
        <translation>（不显示，共 {n} 个字符）</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>{name} settled this issue first; the list shows what is still open.</source>
        <translation>{name} 已先处理了这条异常；列表已刷新，只显示仍待处理的异常。</translation>
    </message>
    <message>
        <source>Someone else settled this issue first; the list shows what is still open.</source>
        <translation>其他人已先处理了这条异常；列表已刷新，只显示仍待处理的异常。</translation>
    </message>
    <message>
        <source>Say what was done before marking it as settled.</source>
        <translation>请先写明做了什么处理，再标记为已处理。</translation>
    </message>
    <message>
        <source>Could not settle the issue ({error}). Try again.</source>
        <translation>未能标记为已处理（{error}），请重试。</translation>
    </message>
</context>
<context>
    <name>WebhookSettleDialog</name>
    <message>
        <source>Settle webhook issue</source>
        <translation>处理网关异常</translation>
    </message>
    <message>
        <source>{summary}
What was done about it? The note is kept with the issue.</source>
        <translation>{summary}
做了什么处理？说明将与这条异常一同保存。</translation>
    </message>
    <message>
        <source>e.g. call record added by hand after checking with the caller</source>
        <translation>例如：与来电客户核实后，已手工补录来电记录</translation>
    </message>
    <message>
        <source>Mark as settled</source>
        <translation>标记已处理</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Say what was done before marking it as settled.</source>
        <translation>请先写明做了什么处理，再标记为已处理。</translation>
    </message>
</context>
<context>
    <name>WonDialog</name>
    <message>
        <source>Referral won</source>
        <translation>转介成交</translation>
    </message>
    <message>
        <source>e.g. 500000</source>
        <translation>例如 500000</translation>
    </message>
    <message>
        <source>What did {customer} buy for? Amount in yuan.</source>
        <translation>{customer} 办理的金额是多少？单位：元。</translation>
    </message>
    <message>
        <source>&amp;Amount (¥):</source>
        <translation>金额（元）(&amp;A)：</translation>
    </message>
</context>
<context>
    <name>WrapupPanel</name>
    <message>
        <source>The draft was not saved ({error}); keep typing to retry.</source>
        <translation>草稿未保存（{error}）；继续输入即可重试。</translation>
    </message>
    <message>
        <source>Choose a disposition first.</source>
        <translation>请先选择处理结果。</translation>
    </message>
    <message>
        <source>The follow-up time has passed; choose a later one.</source>
        <translation>回访时间已过，请选择更晚的时间。</translation>
    </message>
    <message>
        <source>Could not save the wrap-up ({error}). Try again.</source>
        <translation>无法保存整理（{error}），请重试。</translation>
    </message>
    <message>
        <source>The saved draft could not be read ({error}).</source>
        <translation>无法读取已保存的草稿（{error}）。</translation>
    </message>
    <message>
        <source>Time left {time}</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>Overdue +{time}</source>
        <translation>已超时 +{time}</translation>
    </message>
    <message>
        <source>Refer to manager…</source>
        <translation>转介客户经理…</translation>
    </message>
    <message>
        <source>Pass the caller to their customer manager (a product interest, with consent)</source>
        <translation>将来电客户转介给其客户经理（记录产品意向，须经客户同意）</translation>
    </message>
    <message>
        <source>Write the wrap-up on the customer's timeline; a disposition is needed</source>
        <translation>将整理写入客户时间线；须选择处理结果</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>整理</translation>
    </message>
    <message>
        <source>Notes for the customer's timeline</source>
        <translation>写入客户时间线的备注</translation>
    </message>
    <message>
        <source>Summary of the call</source>
        <translation>通话摘要</translation>
    </message>
    <message>
        <source>Follow-up reminder</source>
        <translation>回访提醒</translation>
    </message>
    <message>
        <source>What to follow up (optional)</source>
        <translation>回访事项（可选）</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>完成整理</translation>
    </message>
</context>
</TS>
