<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountsDialog</name>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="286"/>
        <source>本县级档案还没有县级管理员（设备管理需要此角色）。审核员可以把它授予自己或另一位用户，仅此一次；此操作记入审计日志。</source>
        <translation>This county profile has no county administrator yet (managing devices needs that role). A reviewer may grant it to themself or another user, once; this is recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="202"/>
        <source>账户管理</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="204"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="204"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="221"/>
        <source>添加用户…</source>
        <translation>Add user…</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="222"/>
        <location filename="../../desktop/accounts_dialog.py" line="355"/>
        <source>删除用户</source>
        <translation>Remove user</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="223"/>
        <source>修改角色</source>
        <translation>Change role</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="224"/>
        <source>修改我的密码…</source>
        <translation>Change my passphrase…</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="280"/>
        <source>当前用户：%1（%2）</source>
        <translation>Signed in: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="232"/>
        <source>所选用户改为</source>
        <translation>Make the selected user</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="240"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="243"/>
        <source>每项操作都记入审计日志。只能授予不高于自己的角色。</source>
        <translation>Every action is recorded in the audit log. You can grant no role above your own.</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="261"/>
        <source>只有审核员/第一书记或县级管理员可以管理用户</source>
        <translation>Only a reviewer / first secretary or a county administrator can manage users</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="323"/>
        <source>已添加用户。</source>
        <translation>User added.</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="330"/>
        <source>密码已修改，下次解锁请使用新密码。</source>
        <translation>Passphrase changed; use the new one to unlock next time.</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="340"/>
        <source>已删除用户 %1。</source>
        <translation>User %1 removed.</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="350"/>
        <source>%1 的角色已改为 %2。</source>
        <translation>%1 is now %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="356"/>
        <source>删除用户 %1？其密码将不能再解锁本机档案，数据不受影响。</source>
        <translation>Remove user %1? Their passphrase will no longer unlock this profile; the data is not affected.</translation>
    </message>
</context>
<context>
    <name>AccountsMenu</name>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="364"/>
        <source>账户</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="368"/>
        <source>账户管理…</source>
        <translation>Accounts…</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="370"/>
        <source>审计日志…</source>
        <translation>Audit log…</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="381"/>
        <source>只有审核员/第一书记或县级管理员可以查看审计日志</source>
        <translation>Only a reviewer / first secretary or a county administrator can read the audit log</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="130"/>
        <source>密码至少 8 位，包含大写字母、小写字母、数字、符号中的三类。登录名请勿使用真实姓名。</source>
        <translation>A passphrase needs 8+ characters from at least 3 of: upper case, lower case, digits, symbols. Do not use a real name as the login name.</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="134"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="135"/>
        <location filename="../../desktop/accounts_dialog.py" line="146"/>
        <source>密码</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="136"/>
        <location filename="../../desktop/accounts_dialog.py" line="149"/>
        <source>再次输入密码</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="137"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="138"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="149"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="149"/>
        <source>两次输入的密码不一致</source>
        <translation>the two passphrases differ</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="156"/>
        <source>正在添加用户…</source>
        <translation>Adding the user…</translation>
    </message>
</context>
<context>
    <name>AlertTableModel</name>
    <message>
        <location filename="../../desktop/alerts_page.py" line="60"/>
        <source>零就业家庭</source>
        <translation>Zero-employment household</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="61"/>
        <source>收入环比大幅下降</source>
        <translation>Income fell sharply since last month</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="62"/>
        <source>收入同比大幅下降</source>
        <translation>Income fell sharply since last year</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="63"/>
        <source>返乡未帮扶</source>
        <translation>Returned without a plan</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="64"/>
        <source>本月未走访（已过20日）</source>
        <translation>Not visited this month (past the 20th)</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="65"/>
        <source>岗位协议超过1年</source>
        <translation>Post agreement over 1 year</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="66"/>
        <source>岗位协议即将到期</source>
        <translation>Post agreement ending soon</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="68"/>
        <source>岗位补贴高于最低工资</source>
        <translation>Post subsidy above the minimum wage</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="69"/>
        <source>岗位人员非优先群体</source>
        <translation>Post holder not in a priority group</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="71"/>
        <source>搬迁户无人就业</source>
        <translation>Relocated household, nobody employed</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="72"/>
        <source>毕业生“1311”服务未完成</source>
        <translation>Graduate&apos;s “1311” services incomplete</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="73"/>
        <source>证件号码有误</source>
        <translation>Invalid ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="74"/>
        <source>证件号码重复</source>
        <translation>Duplicate ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="75"/>
        <source>户主人数不为1</source>
        <translation>Not exactly one household head</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="76"/>
        <source>配偶信息有误</source>
        <translation>Spouse information wrong</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="78"/>
        <source>务工地点与时间不全</source>
        <translation>Work place or months missing</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="80"/>
        <source>无劳动力却有务工信息</source>
        <translation>Work recorded without labour capacity</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="82"/>
        <source>务工不稳风险户无务工信息</source>
        <translation>Unstable-work risk without work information</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="84"/>
        <source>监测户帮扶措施未落实</source>
        <translation>Monitored household without a measure</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="85"/>
        <source>补贴重复登记</source>
        <translation>Subsidy recorded twice</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="90"/>
        <source>有劳动能力 %1 人、有就业意愿 %2 人，无人就业</source>
        <translation>%1 able to work, %2 willing to work, nobody employed</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="92"/>
        <source>%1 月收入 %2 元，%3 月为 %4 元</source>
        <translation>Income in %1: %2 yuan; in %3: %4 yuan</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="95"/>
        <source>%1 月收入 %2 元，上年同月（%3）为 %4 元</source>
        <translation>Income in %1: %2 yuan; same month last year (%3): %4 yuan</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="98"/>
        <source>返乡后（%1 起）未记录服务、培训或岗位</source>
        <translation>No service, training or post recorded since returning (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="100"/>
        <source>%1 月尚未走访；上次走访：%2；%3</source>
        <translation>Not visited in %1; last visit: %2; %3</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="102"/>
        <source>协议 %1 至 %2，共 %3 天</source>
        <translation>Agreement %1 to %2, %3 days</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="104"/>
        <source>协议 %1 到期，还有 %2 天</source>
        <translation>Agreement ends %1 (days left: %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="106"/>
        <source>月补贴 %1 元，高于当地最低工资 %2 元</source>
        <translation>Monthly subsidy %1 yuan, above the local minimum wage of %2 yuan</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="109"/>
        <source>所在户属于：%1</source>
        <translation>Household groups: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="111"/>
        <source>有劳动能力 %1 人，无人就业</source>
        <translation>%1 able to work, nobody employed</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="113"/>
        <source>还缺：%1</source>
        <translation>Still missing: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="115"/>
        <source>证件号 %1：%2</source>
        <translation>ID number %1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="117"/>
        <source>证件号 %1 另有 %2 人登记</source>
        <translation>ID number %1 also held by %2 other person(s)</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="119"/>
        <source>户主 %1 人</source>
        <translation>%1 household heads</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="121"/>
        <source>配偶 %1 人（或与户主同性别）</source>
        <translation>%1 spouse(s) (or of the head&apos;s sex)</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="123"/>
        <source>务工所在地：%1；务工时间：%2 个月</source>
        <translation>Work place: %1; months worked: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="125"/>
        <source>劳动力状况“%1”，但填有务工所在地 %2</source>
        <translation>Labour capacity “%1”, yet a work place %2 is recorded</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="127"/>
        <source>风险：%1；无成员有务工信息</source>
        <translation>Risk: %1; no member has work information</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="129"/>
        <source>%1 识别为监测对象，应于 %2 前落实帮扶措施</source>
        <translation>Monitored since %1; a measure was due by %2</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="131"/>
        <source>%1（%2）另有 %3 条相同登记</source>
        <translation>%1 (%2) recorded %3 more time(s)</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="136"/>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="137"/>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="138"/>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="142"/>
        <source>职业指导</source>
        <translation>career guidance</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="143"/>
        <source>岗位推介</source>
        <translation>job referral</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="144"/>
        <source>职业培训</source>
        <translation>vocational training</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="145"/>
        <source>就业见习</source>
        <translation>internship</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="267"/>
        <source>预警类型</source>
        <extracomment>the 村（居） code (12 digits of the household&apos;s scope) The steps :func:`alert_rows` reports: the run&apos;s, then the subjects&apos; names.</extracomment>
        <translation>Alert</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="268"/>
        <source>对象</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="270"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="269"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="271"/>
        <source>情况</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="272"/>
        <source>依据</source>
        <translation>Source</translation>
    </message>
</context>
<context>
    <name>AlertsPage</name>
    <message>
        <location filename="../../desktop/alerts_page.py" line="496"/>
        <source>村（居）：全部</source>
        <translation>Village: all</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="435"/>
        <source>预警类型</source>
        <extracomment>村（居）: shown when the alerts span more than one village the steps of a read under way (at county scale the run takes seconds) a read of the alerts is under way (its rows will replace the shown ones)</extracomment>
        <translation>Alert</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="444"/>
        <source>双击一行打开该户。</source>
        <translation>Double-click a row to open the household.</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="450"/>
        <source>正在计算预警…</source>
        <translation>Computing alerts…</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="465"/>
        <source>预警未能计算</source>
        <translation>The alerts could not be computed</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="476"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../desktop/alerts_page.py" line="529"/>
        <source>其他类型</source>
        <translation>Other kinds</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/alerts_page.py" line="548"/>
        <source>共 %n 条预警</source>
        <translation>
            <numerusform>%n alert</numerusform>
            <numerusform>%n alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="201"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="211"/>
        <source>全部用户</source>
        <translation>All users</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="213"/>
        <source>全部操作</source>
        <translation>All actions</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="221"/>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="223"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="234"/>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="234"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="235"/>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="235"/>
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="241"/>
        <source>审计记录只增不改；除记录编号和遮蔽后的号码外不含个人信息。县里在各设备同步后可看到全县的记录。</source>
        <translation>The audit log is append-only and holds no personal data beyond record ids and masked numbers. The county sees every device&apos;s entries after they sync.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/audit_viewer.py" line="285"/>
        <source>共 %n 条</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="295"/>
        <source>导出审计日志</source>
        <translation>Export the audit log</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="295"/>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/audit_viewer.py" line="303"/>
        <source>已导出 %n 条到 %1</source>
        <translation>
            <numerusform>Exported %n entry to %1</numerusform>
            <numerusform>Exported %n entries to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <location filename="../../desktop/background.py" line="61"/>
        <source>正在处理，请稍候…</source>
        <translation>Working, please wait…</translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <location filename="../../desktop/county/devices.py" line="304"/>
        <source>服务器地址：%1</source>
        <translation>Server address: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="306"/>
        <source>注册码只能用一次，只显示这一次。请在笔记本上输入注册码或扫描二维码。</source>
        <translation>The code works once and is shown only this once. Type it on the laptop or scan the QR code.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="310"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="312"/>
        <source>复制注册码</source>
        <translation>Copy code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="315"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
</context>
<context>
    <name>CommitPage</name>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="537"/>
        <source>第 4 步：导入</source>
        <translation>Step 4: Import</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="541"/>
        <source>重新试运行</source>
        <translation>Dry run again</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="562"/>
        <source>正在导入（一次写入，全部成功或全部不写入）…</source>
        <translation>Importing (one write: all or nothing)…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers.py" line="573"/>
        <source>已导入：新增 %n 人，更新 %1 人，新建 %2 户，跳过被拒绝的 %3 行；疑似重复 %4 人已标记，待县级核实。</source>
        <translation>
            <numerusform>Imported: %n person added, %1 updated; households created: %2; refused rows skipped: %3; possible duplicates flagged for the county to check: %4.</numerusform>
            <numerusform>Imported: %n people added, %1 updated; households created: %2; refused rows skipped: %3; possible duplicates flagged for the county to check: %4.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="576"/>
        <source>新建的户归入 %1。</source>
        <translation> New households went to %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="586"/>
        <source>导入失败，未写入任何数据：%1</source>
        <translation>Import failed, nothing was written: %1</translation>
    </message>
</context>
<context>
    <name>ConflictModels</name>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="79"/>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="80"/>
        <source>家庭</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="81"/>
        <source>公益性岗位</source>
        <translation>Public-welfare post</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="82"/>
        <source>务工经历</source>
        <translation>Work spell</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="83"/>
        <source>培训</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="86"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="87"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="88"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="89"/>
        <source>删除该记录</source>
        <translation>Delete the record</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="90"/>
        <source>删除还是保留记录</source>
        <translation>Delete or keep the record</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="91"/>
        <source>当前采用</source>
        <translation>Applied now</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="92"/>
        <source>未采用</source>
        <translation>Not applied</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="93"/>
        <source>直接修改（无表单）</source>
        <translation>Edited directly (no form)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="94"/>
        <source>%1 天</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="95"/>
        <source>版本 %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="96"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="97"/>
        <source>%1（版本 %2）</source>
        <translation>%1 (version %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="98"/>
        <source>%1（第 %2 位不同）</source>
        <translation>%1 (differs at position %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="154"/>
        <source>村（居）</source>
        <extracomment>The fields shown masked (ID and phone numbers), with their mask.</extracomment>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="155"/>
        <source>对象</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="156"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="157"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="158"/>
        <source>各方的值</source>
        <translation>The values</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="159"/>
        <source>最近录入</source>
        <translation>Latest entry</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="160"/>
        <source>等待</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="215"/>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="216"/>
        <source>录入人</source>
        <translation>Entered by</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="217"/>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="218"/>
        <source>录入时间</source>
        <translation>Entered at</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="219"/>
        <source>表单</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="220"/>
        <source>提交编号</source>
        <translation>Submission</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="221"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="102"/>
        <location filename="../../desktop/county/conflicts.py" line="519"/>
        <source>全部</source>
        <extracomment>Age filter choices: (label, min days, max days).</extracomment>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="103"/>
        <source>3 天内</source>
        <translation>Within 3 days</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="104"/>
        <source>超过 7 天</source>
        <translation>Over 7 days</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="105"/>
        <source>超过 30 天</source>
        <translation>Over 30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="366"/>
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="367"/>
        <source>下一页</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="391"/>
        <source>采用所选的值</source>
        <translation>Adopt the selected value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="394"/>
        <source>或输入新值</source>
        <translation>or type a new value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="396"/>
        <source>采用新值</source>
        <translation>Adopt the new value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="398"/>
        <location filename="../../desktop/county/conflicts.py" line="585"/>
        <source>显示完整值</source>
        <translation>Show full value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="403"/>
        <source>保留记录</source>
        <translation>Keep the record</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="405"/>
        <source>删除记录</source>
        <translation>Delete the record</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="415"/>
        <source>村（居）</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="415"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="416"/>
        <source>等待</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="424"/>
        <source>各方的值</source>
        <translation>The values</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="448"/>
        <source>两台设备在同步前改了同一字段：各设备已暂用同一个值，请核实后确定。处理结果随下次同步发到所有设备。</source>
        <translation>Two devices changed the same field before syncing: every device applies the same value for now; check it and decide. The decision reaches every device with the next sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="496"/>
        <source>没有符合条件的冲突</source>
        <translation>No conflict matches</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="554"/>
        <source>没有待处理的冲突。</source>
        <translation>No conflicts to settle.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="564"/>
        <source>%1 %2 · %3 · 村（居）%4</source>
        <translation>%1 %2 · %3 · village %4</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="584"/>
        <source>隐藏完整值</source>
        <translation>Hide full value</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="587"/>
        <source>显示所选版本的完整号码 %1 秒（每次查看都记入审计日志）</source>
        <translation>Show the selected version&apos;s full number for %1 seconds (every view is audited)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="588"/>
        <source>只有审核员/第一书记或县级管理员可以查看完整号码</source>
        <translation>Only a reviewer/first secretary or a county administrator may see full numbers</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="633"/>
        <source>已采用所选的值。</source>
        <translation>The selected value was adopted.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="597"/>
        <location filename="../../desktop/county/conflicts.py" line="640"/>
        <source>请先在上表中选中一列（一个版本）。</source>
        <translation>First select a column (one version) in the table above.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/conflicts.py" line="493"/>
        <source>共 %n 条冲突，第 %1–%2 条</source>
        <translation>
            <numerusform>%n conflict, showing %1–%2</numerusform>
            <numerusform>%n conflicts, showing %1–%2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="647"/>
        <source>已采用新值。</source>
        <translation>The new value was adopted.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="653"/>
        <source>已保留该记录。</source>
        <translation>The record was kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="653"/>
        <source>已删除该记录。</source>
        <translation>The record was deleted.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="700"/>
        <source>%1：%2（未作任何修改）</source>
        <translation>%1: %2 (nothing was changed)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/conflicts.py" line="702"/>
        <source>该冲突已由他人处理。</source>
        <translation>Someone else already settled this conflict.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="42"/>
        <location filename="../../desktop/connect_dialog.py" line="43"/>
        <location filename="../../desktop/connect_dialog.py" line="114"/>
        <source>服务器地址</source>
        <extracomment>The field a failure of each kind concerns.</extracomment>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="44"/>
        <location filename="../../desktop/connect_dialog.py" line="45"/>
        <location filename="../../desktop/connect_dialog.py" line="117"/>
        <source>根证书</source>
        <translation>County CA certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="46"/>
        <location filename="../../desktop/connect_dialog.py" line="47"/>
        <location filename="../../desktop/connect_dialog.py" line="48"/>
        <location filename="../../desktop/connect_dialog.py" line="49"/>
        <location filename="../../desktop/connect_dialog.py" line="50"/>
        <location filename="../../desktop/connect_dialog.py" line="51"/>
        <location filename="../../desktop/connect_dialog.py" line="115"/>
        <source>注册码</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="84"/>
        <source>连接县服务器</source>
        <translation>Connect to the county server</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="91"/>
        <source>不选：使用系统信任的证书机构</source>
        <translation>None: the system&apos;s trusted authorities</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="100"/>
        <location filename="../../desktop/connect_dialog.py" line="204"/>
        <source>连接</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="108"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="118"/>
        <source>请填写县人社局提供的服务器地址和一次性注册码。县服务器使用县里自己的证书时，还要选择县里提供的根证书文件。</source>
        <translation>Enter the server address and the one-time enrolment code from the county HRSS bureau. If the county server uses the county&apos;s own certificate, also choose the CA certificate file the county gave you.</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="121"/>
        <source>本机档案的辖区：%1</source>
        <translation>This profile&apos;s area: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="124"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="141"/>
        <source>；已连接 %1（%2，辖区 %3）</source>
        <translation>; connected to %1 (%2, area %3)</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="145"/>
        <source>选择县里的根证书</source>
        <translation>Choose the county&apos;s CA certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="146"/>
        <source>证书 (*.pem *.crt *.cer)</source>
        <translation>Certificates (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="163"/>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="165"/>
        <source>正在连接县服务器…</source>
        <translation>Connecting to the county server…</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="208"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="92"/>
        <source>按原设备编号重新注册（本机被吊销或换了辖区时，输入县人社局给的重新注册码；未同步的修改会保留）</source>
        <translation>Re-enrol under this device&apos;s id (when it was revoked or moved: enter the re-enrolment code from the county; unsynced changes are kept)</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="55"/>
        <source>扫描或粘贴的内容不是本系统的注册二维码。请扫描县人社局设备页上的二维码，或手工输入注册码。</source>
        <extracomment>What the dialog itself says about a scanned QR code (the shared texts are in errors.py).</extracomment>
        <translation>What was scanned or pasted is not a Bangfu enrolment QR code. Scan the QR code on the county&apos;s Devices page, or type the code.</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="57"/>
        <source>这个重新注册码是为设备 %1 签发的，不是本机（%2）。请向县人社局索取本机的重新注册码。</source>
        <translation>This re-enrolment code was issued for device %1, not this one (%2). Ask the county for this device&apos;s re-enrolment code.</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="59"/>
        <source>这是重新注册码，但本机档案没有保存过县服务器连接。请向县人社局索取新设备注册码。</source>
        <translation>This is a re-enrolment code, but this profile never kept a county server connection. Ask the county for a new-device code.</translation>
    </message>
    <message>
        <location filename="../../desktop/connect_dialog.py" line="63"/>
        <source>重新注册被拒：注册码无效、已被使用，或不是为本机（设备编号 %1）签发的。请向县人社局索取本机的重新注册码。</source>
        <extracomment>A refused re-enrolment: the server does not say whether the code or the device was wrong.</extracomment>
        <translation>Re-enrolment refused: the code is invalid, already used, or not issued for this device (id %1). Ask the county for this device&apos;s re-enrolment code.</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="109"/>
        <source>就业</source>
        <extracomment>Numbers read again after a write are marked (tiles &quot;≈&quot;, trend charts &quot;正在计算…&quot;) when not drawn again by then (the numbers kept while nothing was written come back well under it).</extracomment>
        <translation>Employed</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="110"/>
        <source>未就业</source>
        <translation>Not employed</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="111"/>
        <source>返乡</source>
        <translation>Returned home</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="112"/>
        <source>在家</source>
        <translation>At home</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="113"/>
        <source>未填</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="117"/>
        <source>县内</source>
        <translation>In county</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="118"/>
        <source>省内县外</source>
        <translation>In province</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="119"/>
        <source>省外</source>
        <translation>Other prov.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="120"/>
        <source>国外</source>
        <translation>Abroad</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="121"/>
        <source>无务工地</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="122"/>
        <source>有组织劳务输出</source>
        <translation>Organised labour export</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="123"/>
        <source>自主外出务工</source>
        <translation>Work away, self-arranged</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="124"/>
        <source>本地企业或园区</source>
        <translation>Local firm or industrial park</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="125"/>
        <source>就业帮扶车间</source>
        <translation>Assistance workshop</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="126"/>
        <source>社区工厂</source>
        <translation>Community factory</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="127"/>
        <source>卫星工厂</source>
        <translation>Satellite factory</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="128"/>
        <source>以工代赈</source>
        <translation>Work-for-relief</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="129"/>
        <source>乡村公益性岗位</source>
        <translation>Public-welfare post</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="130"/>
        <source>自主创业</source>
        <translation>Self-employment</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="131"/>
        <source>灵活就业</source>
        <translation>Flexible work</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="132"/>
        <source>种养殖</source>
        <translation>Farming</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="133"/>
        <source>三支一扶</source>
        <translation>Three Supports and One Assistance</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="135"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="457"/>
        <source>劳动力</source>
        <extracomment>The share of its category&apos;s width a label may take and still be drawn whole: QtCharts cuts a label well before it fills its category (at 1024 pixels a 67-pixel label was cut in an 89-pixel category; at 1366, in English, &quot;In province&quot; was cut in about 96 pixels).</extracomment>
        <translation>Labour force</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="458"/>
        <source>本月已走访</source>
        <translation>Visited this month</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="459"/>
        <source>预警</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="460"/>
        <source>本年补贴</source>
        <translation>Subsidies this year</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="461"/>
        <source>设备</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="462"/>
        <source>见“设备”页</source>
        <translation>See the Devices page</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="462"/>
        <source>（设备状态在县服务器）</source>
        <translation>(device status is on the county server)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="476"/>
        <source>查看下方“本年补贴发放”图（补贴名单由县级办理）</source>
        <translation>See the “Subsidies granted this year” chart below (subsidy lists are handled by the county)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="485"/>
        <source>劳动力就业状况（近12个月）</source>
        <translation>Labour force by employment status (follow-ups, 12 months)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="486"/>
        <source>务工地点</source>
        <translation>Work place</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="487"/>
        <source>就业渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="488"/>
        <source>监测户户均月收入（元）</source>
        <translation>Monitored households: average monthly income (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="489"/>
        <location filename="../../desktop/county/dashboard.py" line="672"/>
        <source>本月走访完成情况（按村）</source>
        <translation>This month&apos;s follow-ups by village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="490"/>
        <location filename="../../desktop/county/dashboard.py" line="725"/>
        <source>预警（按村、类型）</source>
        <translation>Alerts by village and kind</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="491"/>
        <source>本年补贴发放（按规则，元）</source>
        <translation>Subsidies granted this year by rule (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="502"/>
        <source>%1（正在计算…）</source>
        <translation>%1 (computing…)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="523"/>
        <source>点击数字或柱形，查看其中的人员名单。</source>
        <translation>Click a number or a bar to see the people it counts.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/dashboard.py" line="596"/>
        <source>人</source>
        <translation>
            <numerusform>person</numerusform>
            <numerusform>people</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="602"/>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/dashboard.py" line="603"/>
        <source>%n 笔</source>
        <translation>
            <numerusform>%n claim</numerusform>
            <numerusform>%n claims</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/dashboard.py" line="608"/>
        <source>走访截止：每月20日。今天 %1 日，还有 %n 天。</source>
        <translation>
            <numerusform>Follow-ups are due by the 20th. Today is day %1: %n day left.</numerusform>
            <numerusform>Follow-ups are due by the 20th. Today is day %1: %n days left.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="606"/>
        <source>走访截止：每月20日。今天 %1 日，已过截止日，未走访的为逾期。</source>
        <translation>Follow-ups are due by the 20th. Today is day %1: the deadline has passed; people not visited are overdue.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="627"/>
        <location filename="../../desktop/county/dashboard.py" line="634"/>
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="643"/>
        <source>户均月收入</source>
        <translation>Average household income</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="676"/>
        <source>本月走访完成率最低的 %1 个村（共 %2 个村）</source>
        <translation>This month&apos;s follow-ups: the %1 villages furthest behind (of %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="680"/>
        <source>逾期（已过20日）</source>
        <translation>Overdue (past the 20th)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="680"/>
        <source>待走访（20日前）</source>
        <translation>Due (by the 20th)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="684"/>
        <source>已走访</source>
        <translation>Visited</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="701"/>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/dashboard.py" line="703"/>
        <source>%1：%2 元，%n 笔</source>
        <translation>
            <numerusform>%1: %2 yuan, %n claim</numerusform>
            <numerusform>%1: %2 yuan, %n claims</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/dashboard.py" line="716"/>
        <source>条</source>
        <translation>
            <numerusform>alert</numerusform>
            <numerusform>alerts</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="728"/>
        <source>预警最多的 %1 个村（共 %2 个村），按类型</source>
        <translation>Alerts: the %1 villages with most (of %2), by kind</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="749"/>
        <source>%1 的结果，正在计算今天的预警…</source>
        <translation>as of %1; counting today&apos;s alerts…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="751"/>
        <source>%1 计算</source>
        <translation>computed at %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="753"/>
        <source>%1 计算，此后记录有变化，正在重新计算…</source>
        <translation>computed at %1; records changed since, computing again…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="754"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="787"/>
        <source>%1 走访为“%2”的人员</source>
        <translation>%1: people followed up as “%2”</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="789"/>
        <source>务工地点：%1</source>
        <translation>Work place: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="790"/>
        <source>就业渠道：%1</source>
        <translation>Channel: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="791"/>
        <source>%1 本月未走访的人员</source>
        <translation>%1: people not visited this month</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="792"/>
        <source>%1 本月已走访的人员</source>
        <translation>%1: people visited this month</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="793"/>
        <source>本年“%1”补贴对象</source>
        <translation>“%1” claims this year</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="794"/>
        <source>%1 有收入记录的监测户成员</source>
        <translation>%1: members of monitored households with an income recorded</translation>
    </message>
</context>
<context>
    <name>DeskPage</name>
    <message>
        <location filename="../../desktop/desk/page.py" line="134"/>
        <source>扫码或输入身份证号、姓名、拼音：</source>
        <extracomment>The confirmation line under the desk: green for a record saved, red for one refused. The left column&apos;s share of the page&apos;s width (the hits and the person), the rest the records&apos;: fixed, so the panes keep their width whatever they show. The width of the lookup&apos;s count or problem beside the box (in average characters; a longer one wraps to a second line), so the box keeps its width whatever is said. bumped by each lookup and each person opened: an answer for an older one is dropped a record is being written: the record buttons wait the person last asked for (shown or coming) the person of the write under way</extracomment>
        <translation>Scan, or type an ID number, name or pinyin:</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="157"/>
        <source>服务点：%1</source>
        <translation>Site: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="158"/>
        <source>设置服务点…</source>
        <translation>Set the site…</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="162"/>
        <source>服务点</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="162"/>
        <source>本服务台所在的安置点或就业服务站：</source>
        <translation>The relocation site or employment service station of this desk:</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="183"/>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="186"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="186"/>
        <source>性别 · 年龄 · 劳动技能</source>
        <translation>Sex · age · labour class</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="187"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="187"/>
        <source>户</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="188"/>
        <source>务工状态</source>
        <translation>Work status</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="188"/>
        <source>意向地 · 技能</source>
        <translation>Wished place · skill</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="189"/>
        <source>服务码</source>
        <translation>Service code</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="189"/>
        <source>“1311”服务</source>
        <translation>1311 services</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="208"/>
        <source>打印服务卡</source>
        <translation>Print service card</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="210"/>
        <source>服务卡存为 PDF…</source>
        <translation>Save card as PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="225"/>
        <source>服务记录、输出批次和服务卡记下的服务点（本机设置），点击更改</source>
        <translation>The site named on service records, export batches and service cards (this laptop&apos;s setting); click to change</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="235"/>
        <source>今日服务</source>
        <translation>Today&apos;s service</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="237"/>
        <source>政策咨询</source>
        <translation>Policy advice</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="237"/>
        <source>职业指导</source>
        <translation>Career guidance</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="238"/>
        <source>岗位推荐</source>
        <translation>Job referral</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="238"/>
        <location filename="../../desktop/desk/page.py" line="274"/>
        <source>培训报名</source>
        <translation>Training sign-up</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="239"/>
        <source>见习推荐</source>
        <translation>Internship offer</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="239"/>
        <source>补贴申领</source>
        <translation>Subsidy claim</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="250"/>
        <source>保存服务记录</source>
        <translation>Save service record</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="258"/>
        <source>推荐岗位（按技能、意向地、工资匹配）</source>
        <translation>Job postings (matched by skill, wished place, wage)</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="265"/>
        <source>推荐所选岗位</source>
        <translation>Refer to selected job</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="277"/>
        <source>培训项目，例如 电工上岗培训</source>
        <translation>Course, e.g. electrician certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="280"/>
        <source>职业技能培训</source>
        <translation>Vocational skills</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="280"/>
        <source>创业培训</source>
        <translation>Start-up</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="281"/>
        <source>农业技术</source>
        <translation>Farming techniques</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="281"/>
        <source>手工技艺</source>
        <translation>Crafts</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="284"/>
        <source>报名</source>
        <translation>Sign up</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="292"/>
        <source>有组织劳务输出（点对点）</source>
        <translation>Organised labour export (point to point)</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="297"/>
        <source>加入本批</source>
        <translation>Add to batch</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="302"/>
        <source>本批人员</source>
        <translation>Workers in batch</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="304"/>
        <source>用工单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="313"/>
        <source>包车</source>
        <translation>Chartered bus</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="313"/>
        <source>火车</source>
        <translation>Train</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="314"/>
        <source>飞机</source>
        <translation>Plane</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="318"/>
        <source>交通方式</source>
        <translation>Transport</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="320"/>
        <source>出发日期</source>
        <translation>Departure</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="321"/>
        <source>登记输出批次</source>
        <translation>Record export batch</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="362"/>
        <source>服务码无法识别（校验位不符），请重新扫码或手工输入</source>
        <translation>Service code not recognised (check character wrong): scan again or type it</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="363"/>
        <source>本机没有持此服务码的人员</source>
        <translation>No one on this laptop holds this service code</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/desk/page.py" line="364"/>
        <source>人 %n</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/desk/page.py" line="364"/>
        <source>户 %n</source>
        <translation>
            <numerusform>%n household</numerusform>
            <numerusform>%n households</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/desk/page.py" line="535"/>
        <source>已登记输出批次：%n 人到 %1</source>
        <translation>
            <numerusform>Export batch recorded: %n worker to %1</numerusform>
            <numerusform>Export batch recorded: %n workers to %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="366"/>
        <source>只列出前 %1 条，请输入更多</source>
        <translation>Only the first %1 shown: type more</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="139"/>
        <source>例如 证件号后几位 306246、罗海、luohai、lh 或扫服务卡</source>
        <translation>e.g. the ID number&apos;s last digits 306246, 罗海, luohai, lh, or scan a service card</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="439"/>
        <source>%1岁</source>
        <translation>%1 yrs</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="443"/>
        <source>易地搬迁</source>
        <translation>Relocated</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="447"/>
        <source>未登记</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="450"/>
        <source>未发卡</source>
        <translation>No card yet</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="451"/>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="454"/>
        <source>就业</source>
        <translation>Employed</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="454"/>
        <source>未就业</source>
        <translation>Not employed</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="455"/>
        <source>返乡</source>
        <translation>Returned home</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="455"/>
        <source>在家</source>
        <translation>At home</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="459"/>
        <source>县内</source>
        <translation>Within county</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="459"/>
        <source>省内县外</source>
        <translation>Province, other county</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="460"/>
        <source>省外</source>
        <translation>Other province</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="460"/>
        <source>国外</source>
        <translation>Abroad</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="465"/>
        <source>指导</source>
        <translation>Guidance</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="465"/>
        <source>推荐</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="466"/>
        <source>培训</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="466"/>
        <source>见习</source>
        <translation>Internship</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="488"/>
        <source>已保存服务记录：%1 · %2</source>
        <translation>Service record saved: %1 · %2</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="501"/>
        <source>请先在列表中选择一个岗位</source>
        <translation>Select a job in the list first</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="504"/>
        <source>已推荐 %1 到 %2 %3</source>
        <translation>Referred %1 to %2 %3</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="516"/>
        <source>已报名培训：%1 · %2</source>
        <translation>Signed up for training: %1 · %2</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="591"/>
        <source>%1（%2 人）</source>
        <translation>%1 (%2 in batch)</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="592"/>
        <source>（尚无人员）</source>
        <translation>(nobody yet)</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="644"/>
        <source>服务卡存为 PDF</source>
        <translation>Save service card as PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="645"/>
        <source>服务卡.pdf</source>
        <translation>service-card.pdf</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="648"/>
        <source>服务卡已存为 %1</source>
        <translation>Service card saved as %1</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/page.py" line="665"/>
        <source>服务卡已送打印机</source>
        <translation>Service card sent to the printer</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <location filename="../../desktop/county/devices.py" line="121"/>
        <source>若本县级档案还没有县级管理员，审核员可以在“账户 → 账户管理…”中授予一次（记入审计）。</source>
        <translation> If this county profile has no county administrator yet, a reviewer may grant the role once under Accounts → Accounts… (audited).</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="82"/>
        <source>村</source>
        <extracomment>The list is read again when the page is shown and the last read is older than this. The widest the error column is drawn (the whole error is in its tooltip).</extracomment>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="83"/>
        <source>安置点</source>
        <translation>Site</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="84"/>
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="85"/>
        <source>县</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="86"/>
        <source>管理员</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="90"/>
        <source>无法连接县服务器，请检查网络或服务器地址后重试。</source>
        <translation>Cannot reach the county server. Check the network or the server address and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="91"/>
        <source>无法验证县服务器的证书，未发送任何数据。</source>
        <translation>The county server&apos;s certificate could not be verified; nothing was sent.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="92"/>
        <source>服务器地址须形如 https://主机:端口；不加密的 http:// 只能连本机。</source>
        <translation>The server address must look like https://host:port; unencrypted http:// only to this computer.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="94"/>
        <source>管理令牌无效或已被吊销，请重新输入管理注册码。</source>
        <translation>The admin token is invalid or was revoked. Enter a new admin code.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="95"/>
        <source>服务器拒绝了此操作：不是管理令牌，或超出本管理员的辖区。</source>
        <translation>The server refused: not an admin token, or outside this admin&apos;s area.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="97"/>
        <source>设备不存在，或不在本管理员的辖区内。</source>
        <translation>No such device, or it is outside this admin&apos;s area.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="98"/>
        <source>管理注册码无效或已被使用，请向服务器管理员索取新的注册码。</source>
        <translation>The admin code is invalid or already used. Ask the server administrator for a new one.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="99"/>
        <source>本机的管理身份已在服务器注册过。</source>
        <translation>This laptop&apos;s admin identity is already enrolled on the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="100"/>
        <source>这不是管理注册码（服务器按设备注册了它）；请在设备列表中吊销它，并向服务器管理员索取 --role admin 的注册码。</source>
        <translation>This was not an admin code (the server enrolled it as a device). Revoke it in the device list and ask the server administrator for a --role admin code.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="103"/>
        <source>服务器拒绝了请求。</source>
        <translation>The server refused the request.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="104"/>
        <source>县服务器出错或答复无法识别，请稍后再试。</source>
        <translation>The county server failed or answered something unreadable. Try again later.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="108"/>
        <source>%1 天</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="109"/>
        <source>从未联系（注册 %1）</source>
        <translation>never (enrolled %1 ago)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="110"/>
        <source>%1（%2 条）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="111"/>
        <source>已吊销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="112"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="113"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="114"/>
        <source>超过 %1 天未与县服务器同步，请联系使用人。</source>
        <translation>Not synced with the county server for more than %1 days: call its user.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="115"/>
        <source>操作失败，请重试。</source>
        <translation>The operation failed; please try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="116"/>
        <source>%1（本机）</source>
        <translation>%1 (this laptop)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="117"/>
        <source>本机：这台笔记本自己的同步设备或管理身份。</source>
        <translation>This laptop: its own sync device or admin identity.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="118"/>
        <source>只有县级管理员可以管理设备（输入管理注册码、生成注册码、吊销）；当前用户的角色是“%1”。</source>
        <translation>Only a county administrator may manage devices (enter the admin code, make codes, revoke); the current user&apos;s role is &quot;%1&quot;.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="166"/>
        <source>设备名称</source>
        <translation>Device name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="167"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="168"/>
        <source>辖区</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="169"/>
        <source>最后联系</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="170"/>
        <source>未联系天数</source>
        <translation>Days silent</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="171"/>
        <source>最后上传</source>
        <translation>Last upload</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="172"/>
        <source>待处理标记</source>
        <translation>Pending flags</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="173"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="175"/>
        <source>最近错误</source>
        <translation>Last error</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/devices.py" line="643"/>
        <source>共 %n 台设备，%1 台超过 %2 天未同步（%3 读取）</source>
        <translation>
            <numerusform>%n device, %1 not synced for more than %2 days (read at %3)</numerusform>
            <numerusform>%n devices, %1 not synced for more than %2 days (read at %3)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="174"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="484"/>
        <source>县级管理身份</source>
        <extracomment>The text after the page&apos;s title in the navigation: devices silent too long. asks (parent, title, text) -&gt; yes; tests replace it the acting user&apos;s account role, as last read (&quot;&quot; until read)</extracomment>
        <translation>County admin identity</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="486"/>
        <source>管理设备需要县级管理令牌，它与本机同步数据用的设备令牌不同。请向县服务器管理员索取一次性管理注册码（服务器上执行 bangfu-server enroll --role admin），在这里输入一次；令牌加密保存在本机档案中，不会同步。也可以粘贴注册码二维码中的文字。</source>
        <translation>Managing devices takes a county admin token, separate from the device token this laptop syncs with. Ask the county server&apos;s administrator for a one-time admin code (bangfu-server enroll --role admin on the server) and enter it here once; the token is kept encrypted in this profile and never syncs. You may also paste the text of the code&apos;s QR code.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="495"/>
        <source>输入管理注册码</source>
        <translation>Enter admin code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="500"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="501"/>
        <source>管理注册码</source>
        <translation>Admin code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="532"/>
        <source>管理注册码：请填写。</source>
        <translation>Admin code: required.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="536"/>
        <source>正在向县服务器登记…</source>
        <translation>Enrolling with the county server…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="561"/>
        <source>管理员辖区 %1 · %2</source>
        <translation>Admin area %1 · %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="581"/>
        <source>输入新的管理注册码；在服务器接受之前，原令牌继续有效。</source>
        <translation>Enter a new admin code; the current token stays in use until the server accepts it.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="586"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="588"/>
        <source>新设备注册码…</source>
        <translation>New device code…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="590"/>
        <source>吊销…</source>
        <translation>Revoke…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="592"/>
        <location filename="../../desktop/county/devices.py" line="758"/>
        <source>重新注册码</source>
        <translation>Re-enrolment code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="594"/>
        <source>更换管理注册码…</source>
        <translation>Change admin code…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="615"/>
        <source>按最久未联系排在前；红色：超过 %1 天未同步。吊销的设备排在最后。</source>
        <translation>Longest silent first; red: not synced for more than %1 days. Revoked devices last.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="631"/>
        <source>正在读取设备列表…</source>
        <translation>Reading the device list…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="709"/>
        <source>新设备“%1”（%2，辖区 %3）的一次性注册码</source>
        <translation>One-time code for the new device “%1” (%2, area %3)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="712"/>
        <location filename="../../desktop/county/devices.py" line="757"/>
        <source>正在生成注册码…</source>
        <translation>Making the code…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="713"/>
        <source>新设备注册码</source>
        <translation>New device code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="726"/>
        <source>吊销设备“%1”（%2）？它的令牌立即失效，不能再同步；以后可用重新注册码找回。</source>
        <translation>Revoke device “%1” (%2)? Its token stops working at once and it can no longer sync; a re-enrolment code can bring it back later.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="728"/>
        <source>吊销设备</source>
        <translation>Revoke device</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="731"/>
        <source>吊销本机</source>
        <translation>Revoke this laptop</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="734"/>
        <source>正在吊销…</source>
        <translation>Revoking…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="739"/>
        <source>“%1”是本机的县级管理身份。吊销后本机立即不能再管理设备，须向服务器管理员索取新的管理注册码。确定吊销本机的管理身份吗？</source>
        <translation>&quot;%1&quot; is this laptop&apos;s county admin identity. Once revoked, this laptop can no longer manage devices until the server&apos;s administrator issues a new admin code. Revoke this laptop&apos;s admin identity?</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="741"/>
        <source>“%1”是本机自己的同步设备。吊销后本机立即不能再与县服务器同步，须用重新注册码找回。确定吊销本机吗？</source>
        <translation>&quot;%1&quot; is this laptop&apos;s own sync device. Once revoked, this laptop can no longer sync with the county server until it is re-enrolled with a code. Revoke this laptop?</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="754"/>
        <source>设备“%1”（%2）按原编号重新注册的一次性注册码，只能给这台设备用</source>
        <translation>One-time code for device “%1” (%2) to re-enrol under its id; it works for this device only</translation>
    </message>
</context>
<context>
    <name>DraftsController</name>
    <message>
        <location filename="../../desktop/drafts.py" line="225"/>
        <source>草稿</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="252"/>
        <source>正在读取草稿…</source>
        <translation>Reading drafts…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/drafts.py" line="269"/>
        <source>有 %n 份未完成的草稿，可在“草稿”中继续填写</source>
        <translation>
            <numerusform>%n unfinished draft: continue it under “Drafts”</numerusform>
            <numerusform>%n unfinished drafts: continue them under “Drafts”</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DraftsDialog</name>
    <message>
        <location filename="../../desktop/drafts.py" line="86"/>
        <location filename="../../desktop/drafts.py" line="182"/>
        <location filename="../../desktop/drafts.py" line="193"/>
        <source>草稿</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="89"/>
        <source>没有未完成的草稿。</source>
        <translation>No unfinished drafts.</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="93"/>
        <source>未提交的表单会自动保存为草稿，只保存在本机。双击一行继续填写。</source>
        <translation>Forms not yet submitted are saved automatically as drafts, on this computer only. Double-click a row to continue.</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="95"/>
        <source>继续填写</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="98"/>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="100"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="183"/>
        <source>本机没有这份草稿所用的表单（%1），暂时无法打开。</source>
        <translation>The form of this draft (%1) is not installed on this computer, so it cannot be opened.</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="194"/>
        <source>这份草稿正在填写中，请先关闭该表单再删除。</source>
        <translation>This draft is open in a form. Close the form first, then delete the draft.</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="201"/>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="201"/>
        <source>确认删除？</source>
        <translation>Delete this draft?</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="203"/>
        <source>%1（最后保存于 %2）</source>
        <translation>%1 (last saved %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="204"/>
        <source>删除后，已填写的内容无法恢复。</source>
        <translation>Once deleted, what was entered cannot be recovered.</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="205"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="206"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DryRunPage</name>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="417"/>
        <source>第 3 步：试运行</source>
        <translation>Step 3: Dry run</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="418"/>
        <source>试运行不写入任何数据。有被拒绝的行时，请修改文件后重新导入，或明确跳过这些行。</source>
        <translation>A dry run writes nothing. If rows are refused, correct the file and import it again, or skip those rows explicitly.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="421"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="436"/>
        <source>只看被拒绝的行</source>
        <translation>Refused rows only</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="438"/>
        <source>导出报告…</source>
        <translation>Save report…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="459"/>
        <location filename="../../desktop/county/ledgers.py" line="471"/>
        <source>正在试运行…</source>
        <translation>Dry run in progress…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers.py" line="479"/>
        <source>共 %n 行：新增 %1，更新 %2，无变化 %3，拒绝 %4，忽略 %5；其中疑似重复 %6 人（新增并标记，待县级核实）</source>
        <translation>
            <numerusform>%n row: %1 to add, %2 to update, %3 unchanged, %4 refused, %5 ignored; possible duplicates (added and flagged for the county to check): %6</numerusform>
            <numerusform>%n rows: %1 to add, %2 to update, %3 unchanged, %4 refused, %5 ignored; possible duplicates (added and flagged for the county to check): %6</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers.py" line="485"/>
        <source>跳过被拒绝的 %n 行，只导入其余的行</source>
        <translation>
            <numerusform>Skip the %n refused row and import the others</numerusform>
            <numerusform>Skip the %n refused rows and import the others</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers.py" line="517"/>
        <source>已导出 %n 行报告</source>
        <translation>
            <numerusform>Report of %n line saved</numerusform>
            <numerusform>Report of %n lines saved</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="493"/>
        <source>试运行被拒绝，未导入任何数据：%1</source>
        <translation>Dry run refused, nothing imported: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="502"/>
        <source>导出试运行报告</source>
        <translation>Save the dry-run report</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="502"/>
        <source>试运行报告.xlsx</source>
        <translation>dry-run-report.xlsx</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="503"/>
        <source>Excel 工作簿 (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="512"/>
        <source>试运行报告：%1</source>
        <translation>Dry-run report: %1</translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="70"/>
        <location filename="../../desktop/county/duplicates.py" line="152"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="71"/>
        <location filename="../../desktop/county/duplicates.py" line="155"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="72"/>
        <location filename="../../desktop/county/duplicates.py" line="154"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="73"/>
        <location filename="../../desktop/county/duplicates.py" line="156"/>
        <source>所在村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="74"/>
        <source>姓名拼音</source>
        <translation>Name (pinyin)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="77"/>
        <source>身份证号相同</source>
        <translation>Same ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="78"/>
        <source>县服务器标记</source>
        <translation>Flagged by the county server</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="79"/>
        <source>%1相同</source>
        <translation>Same %1</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="82"/>
        <source>；</source>
        <extracomment>Between two reasons of one pair.</extracomment>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="107"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="108"/>
        <location filename="../../desktop/county/duplicates.py" line="191"/>
        <source>人员甲</source>
        <translation>Person A</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="109"/>
        <source>甲所在村</source>
        <translation>A&apos;s village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="110"/>
        <source>甲户编号</source>
        <translation>A&apos;s household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="111"/>
        <location filename="../../desktop/county/duplicates.py" line="192"/>
        <source>人员乙</source>
        <translation>Person B</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="112"/>
        <source>乙所在村</source>
        <translation>B&apos;s village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="113"/>
        <source>乙户编号</source>
        <translation>B&apos;s household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="153"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="157"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="158"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="159"/>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="161"/>
        <source>其他家庭成员</source>
        <translation>Other members</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="163"/>
        <source>走访次数</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="164"/>
        <source>最近走访</source>
        <translation>Last follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="165"/>
        <source>补贴登记</source>
        <translation>Subsidy claims</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="174"/>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="312"/>
        <source>保存规则</source>
        <translation>Save rule</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="314"/>
        <source>合并…</source>
        <translation>Merge…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="316"/>
        <source>不是同一人</source>
        <translation>Not the same person</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="347"/>
        <source>查重规则（须全部相同）：</source>
        <translation>Duplicate rule (all must match):</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="368"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/duplicates.py" line="381"/>
        <source>共 %n 对疑似重复</source>
        <translation>
            <numerusform>%n possible duplicate pair</numerusform>
            <numerusform>%n possible duplicate pairs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/duplicates.py" line="437"/>
        <source>已合并。合并后发现 %n 组补贴重复登记，已列入预警“补贴重复登记”，请核实。</source>
        <translation>
            <numerusform>Merged. %n group of subsidies recorded twice was found after the merge; it is listed under the alert “Subsidy recorded twice”: please check it.</numerusform>
            <numerusform>Merged. %n groups of subsidies recorded twice were found after the merge; they are listed under the alert “Subsidy recorded twice”: please check them.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="420"/>
        <source>查重规则已保存，将同步到县里其他设备。</source>
        <translation>Rule saved; it syncs to the county&apos;s other devices.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="378"/>
        <source>只列出前 %1 对疑似重复（还有更多）：请收紧查重规则</source>
        <translation>Only the first %1 possible duplicate pairs are listed (there are more): tighten the matching rule</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="432"/>
        <source>正在合并…</source>
        <translation>Merging…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="440"/>
        <source>已合并，未发现补贴重复登记。</source>
        <translation>Merged; no subsidy is recorded twice.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="447"/>
        <source>已标记为不是同一人，不再提示。</source>
        <translation>Marked as not the same person; it will not be proposed again.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="152"/>
        <source>导出台账</source>
        <translation>Export a ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="162"/>
        <source>行政区划代码，如 361130</source>
        <translation>Division code, e.g. 361130</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="171"/>
        <location filename="../../desktop/county/ledgers_export.py" line="276"/>
        <source>全部期间</source>
        <translation>All periods</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="173"/>
        <source>导出完整证件号码和电话（不遮蔽）</source>
        <translation>Export full ID and phone numbers (unmasked)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="190"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="193"/>
        <source>仍然导出</source>
        <translation>Export anyway</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="195"/>
        <source>取消导出</source>
        <translation>Cancel export</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="198"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="212"/>
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="217"/>
        <source>地区</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="222"/>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="223"/>
        <source>号码</source>
        <translation>Numbers</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="248"/>
        <source>每次导出完整号码都记入审计日志</source>
        <translation>Every export of full numbers is recorded in the audit log</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="249"/>
        <source>只有审核员/第一书记或县级管理员可以导出完整号码</source>
        <translation>Only a reviewer/first secretary or a county administrator may export full numbers</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="278"/>
        <source>导出到文件</source>
        <translation>Export to file</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="278"/>
        <source>Excel 工作簿 (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="289"/>
        <location filename="../../desktop/county/ledgers_export.py" line="365"/>
        <source>已取消，未导出。</source>
        <translation>Cancelled, nothing exported.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="292"/>
        <source>正在检查疑点数据…</source>
        <translation>Running the national checks…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="301"/>
        <location filename="../../desktop/county/ledgers_export.py" line="305"/>
        <source>导出完整号码</source>
        <translation>Export full numbers</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="302"/>
        <source>将导出完整的证件号码和电话号码。文件须妥善保管，不得外传；此次导出将记入审计日志（导出人、时间、台账、地区）。确定导出完整号码？</source>
        <translation>Full ID and phone numbers will be exported. Keep the file safe and do not pass it on; this export is recorded in the audit log (who, when, ledger, area). Export full numbers?</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="306"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers_export.py" line="326"/>
        <source>发现 %n 条疑点数据，尚未导出。请先核实更正；确需导出请点“仍然导出”，疑点将另列一表（疑点数据）。</source>
        <translation>
            <numerusform>%n finding of the national checks; nothing exported yet. Check and correct it first; if you must export now, click &quot;Export anyway&quot; and the finding gets a sheet of its own.</numerusform>
            <numerusform>%n findings of the national checks; nothing exported yet. Check and correct them first; if you must export now, click &quot;Export anyway&quot; and the findings get a sheet of their own.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="342"/>
        <source>正在导出“%1”：正在读取数据…</source>
        <translation>Exporting “%1”: reading the records…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers_export.py" line="356"/>
        <source>正在导出“%1”：已写入 %n 行，正在保存文件…</source>
        <translation>
            <numerusform>Exporting “%1”: %n row written, saving the file…</numerusform>
            <numerusform>Exporting “%1”: %n rows written, saving the file…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers_export.py" line="357"/>
        <source>正在导出“%1”：已写入 %n 行…</source>
        <translation>
            <numerusform>Exporting “%1”: %n row written…</numerusform>
            <numerusform>Exporting “%1”: %n rows written…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="373"/>
        <source>正在取消导出…</source>
        <translation>Cancelling the export…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers_export.py" line="402"/>
        <source>已导出 %n 行（%1）：%2</source>
        <translation>
            <numerusform>%n row exported (%1): %2</numerusform>
            <numerusform>%n rows exported (%1): %2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="400"/>
        <source>号码已遮蔽</source>
        <translation>numbers masked</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="400"/>
        <source>含完整号码，已记入审计日志</source>
        <translation>full numbers, recorded in the audit log</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="408"/>
        <source>未导出：%1</source>
        <translation>Not exported: %1</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="182"/>
        <source>第 1 步：选择台账文件</source>
        <translation>Step 1: Choose the ledger file</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="183"/>
        <source>支持 .xlsx、.xls 和 .csv；CSV 的文字编码会自动识别。</source>
        <translation>.xlsx, .xls and .csv; the text encoding of a CSV is detected.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="186"/>
        <source>尚未选择文件</source>
        <translation>No file chosen yet</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="187"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="199"/>
        <source>12位村代码</source>
        <translation>12-digit village code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="209"/>
        <source>新建农户归入村：</source>
        <translation>New households go to village:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="219"/>
        <source>预览只显示前几行，完整的证件号码和手机号已遮蔽。</source>
        <translation>The preview shows the first rows only, with full ID and mobile numbers masked.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="279"/>
        <source>选择台账文件</source>
        <translation>Choose a ledger file</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="279"/>
        <source>台账 (*.xlsx *.xls *.csv *.txt)</source>
        <translation>Ledgers (*.xlsx *.xls *.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="287"/>
        <source>正在读取文件…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="298"/>
        <source>，工作表“%1”</source>
        <translation>, sheet &quot;%1&quot;</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="299"/>
        <source>文字编码：%1%2；表头在第 %3 行</source>
        <translation>Text encoding: %1%2; header in row %3</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers.py" line="302"/>
        <source>已修复乱码：%n 个单元格是 GBK 文字被当作 Latin-1/cp1252 读取后的乱码，已还原为中文，请核对预览。</source>
        <translation>
            <numerusform>Garbled text repaired: %n cell was GBK text once read as Latin-1/cp1252; it is Chinese again. Please check the preview.</numerusform>
            <numerusform>Garbled text repaired: %n cells were GBK text once read as Latin-1/cp1252; they are Chinese again. Please check the preview.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="316"/>
        <source>文件被拒绝，未导入任何数据：%1</source>
        <translation>File refused, nothing imported: %1</translation>
    </message>
</context>
<context>
    <name>FlagTableModel</name>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="41"/>
        <source>身份证号重复</source>
        <translation>Duplicate ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="42"/>
        <source>设备时钟超前</source>
        <translation>Device clock ahead</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="82"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="83"/>
        <source>对象</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="84"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="85"/>
        <source>证件号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="86"/>
        <source>说明</source>
        <translation>What to do</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="47"/>
        <source>证件号 %1 已登记在：%2。请核对是否同一人重复登记或号码录错。</source>
        <translation>ID number %1 is also registered for: %2. Check whether one person was registered twice or the number was mistyped.</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="49"/>
        <source>修改记录的时间比县服务器快约 %1 分钟：请校准本机日期和时间。</source>
        <translation>Changes were stamped about %1 minutes ahead of the county server: set this laptop&apos;s date and time.</translation>
    </message>
</context>
<context>
    <name>FlagsDialog</name>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="119"/>
        <source>县服务器发现的问题</source>
        <translation>Problems found by the county server</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="132"/>
        <source>这些问题由县服务器在同步时发现。双击一行打开该户，核对后在表单中更正；更正同步后，问题由县里核销。</source>
        <translation>The county server found these while syncing. Double-click a row to open the household, check and correct it in a form; once the correction is synced, the county closes the problem.</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="136"/>
        <source>本机只保留最新的 %1 条；更早的问题请向县里查询。</source>
        <translation>This laptop keeps only the newest %1; ask the county about earlier ones.</translation>
    </message>
    <message>
        <location filename="../../desktop/flags_dialog.py" line="140"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>FormWidget</name>
    <message>
        <location filename="../../desktop/forms/widget.py" line="113"/>
        <source>提交 (Ctrl+S)</source>
        <translation>Submit (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="168"/>
        <source>原草稿已保留在“草稿”中；此次填写将另存为新草稿。</source>
        <translation>The old draft is kept under “Drafts”; what you fill in now is saved as a new draft.</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="172"/>
        <source>已恢复草稿</source>
        <translation>Draft restored</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="197"/>
        <source>基本信息</source>
        <translation>Basic information</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="197"/>
        <source>其他信息</source>
        <translation>Other information</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="298"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="298"/>
        <source>删除这一项及其已填写的内容？</source>
        <translation>Remove this entry and what was filled in?</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="379"/>
        <source>%1 的%2：%3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="381"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/forms/widget.py" line="393"/>
        <source>还有 %n 处需要填写或修改</source>
        <translation>
            <numerusform>%n answer still needs to be filled in or corrected</numerusform>
            <numerusform>%n answers still need to be filled in or corrected</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="81"/>
        <source>草稿已保存 %1</source>
        <translation>Draft saved %1</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/widget.py" line="408"/>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
</context>
<context>
    <name>GrantDialog</name>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="336"/>
        <source>发放补贴</source>
        <translation>Grant subsidy</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="342"/>
        <source>为选中的 %1 人登记“%2”（期间 %3）？
每人逐一经补贴台账核对，不符合的不登记并列出原因。</source>
        <translation>Record “%2” (period %3) for the %1 selected?
Each is checked by the claims ledger; anyone not eligible is not recorded and the reason is listed.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="347"/>
        <source>实际发放金额（元）</source>
        <translation>Amount paid (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="353"/>
        <source>此规则只规定上限（不超过 %1 元），请填写实际发放金额：</source>
        <translation>This rule states only a cap (at most %1 yuan); enter the amount paid:</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="378"/>
        <source>发放金额：“%1”不是数字，请填写元数（如 450）</source>
        <translation>Amount: “%1” is not a number; enter yuan (e.g. 450)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="380"/>
        <source>发放金额：应大于 0 元</source>
        <translation>Amount: must be above 0 yuan</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="382"/>
        <source>发放金额：%1 元超过此规则的上限 %2 元</source>
        <translation>Amount: %1 yuan is over this rule&apos;s cap of %2 yuan</translation>
    </message>
</context>
<context>
    <name>GrantResultDialog</name>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="296"/>
        <source>发放结果</source>
        <translation>Grant result</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="299"/>
        <source>已登记 %1 人；未登记 %2 人（原因见下表）。</source>
        <translation>%1 granted; %2 not granted (reasons below).</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="304"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="304"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="304"/>
        <source>未登记的原因</source>
        <translation>Why not granted</translation>
    </message>
</context>
<context>
    <name>HouseholdPage</name>
    <message>
        <location filename="../../desktop/household_page.py" line="212"/>
        <source>走访登记</source>
        <extracomment>why 务工记录 is empty, and where the members&apos; work status comes from</extracomment>
        <translation>Record follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="213"/>
        <source>新增成员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="214"/>
        <source>更正成员信息</source>
        <translation>Correct member</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="215"/>
        <source>服务记录</source>
        <translation>Service record</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="216"/>
        <source>← 返回</source>
        <translation>← Back</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="238"/>
        <source>本户</source>
        <translation>household</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="246"/>
        <source>已发放的补贴</source>
        <translation>Subsidies granted</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="248"/>
        <source>按政策规则，成员可申请（及原因）</source>
        <translation>What the policy rules say members may claim (with reasons)</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="276"/>
        <source>成员</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="303"/>
        <source>所选成员 证件号码：</source>
        <translation>Selected member, ID number:</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="307"/>
        <source>电话：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="347"/>
        <source>%1 · 户主 %2</source>
        <translation>%1 · head %2</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="350"/>
        <source>地址：%1</source>
        <translation>Address: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="363"/>
        <source>预警 …</source>
        <translation>Alerts …</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="377"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="384"/>
        <source>成员务工状态：%1</source>
        <translation>Members&apos; work status: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="417"/>
        <source>预警 %1</source>
        <translation>Alerts %1</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="400"/>
        <source>易地搬迁</source>
        <translation>Relocated</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="204"/>
        <source>由各成员的走访整理：连续几次走访都是就业，且务工地、就业渠道、单位相同，合为一段；“结束”是这段中最近一次走访的月份。</source>
        <translation>Read from each member&apos;s follow-ups: consecutive follow-ups saying employed, at the same work place, through the same channel and employer, make one row; “End” is the month of its latest follow-up.</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="381"/>
        <source>尚无务工记录：还没有哪次走访记为“就业”（务工记录由走访整理；成员的务工状态来自登记和走访，见“成员”和“走访”）。</source>
        <translation>No work spells yet: no follow-up has recorded the person as employed (work spells are read from follow-ups; members&apos; work status comes from registration and follow-ups, see “Members” and “Visits”).</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="402"/>
        <source>监测对象</source>
        <translation>Monitored</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <location filename="../../desktop/households_page.py" line="80"/>
        <source>搜索：姓名、拼音或首字母（如 zs）、身份证后几位、户编号</source>
        <translation>Search: name, pinyin or initials (e.g. zs), last digits of ID, household number</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="113"/>
        <source>查找</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="116"/>
        <source>户列表</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="117"/>
        <source>家庭成员 / 查找结果</source>
        <translation>Members / search results</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="168"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="184"/>
        <source>共 %n 户</source>
        <translation>
            <numerusform>%n household</numerusform>
            <numerusform>%n households</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/households_page.py" line="184"/>
        <source>，%n 人</source>
        <translation>
            <numerusform>, %n person</numerusform>
            <numerusform>, %n people</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="188"/>
        <source>没有找到符合条件的人或户。</source>
        <translation>No person or household matches.</translation>
    </message>
    <message>
        <location filename="../../desktop/households_page.py" line="219"/>
        <source>正在搜索…</source>
        <translation>Searching…</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <location filename="../../desktop/idle_lock.py" line="152"/>
        <source>已锁定 — 请输入密码</source>
        <extracomment>Windows not shown again after the unlock (their moment is gone). where typing was, given back after the unlock (disabling the window drops it) re-enabled after the unlock only if the lock disabled it the window&apos;s bars disabled by the lock</extracomment>
        <translation>Locked — enter your passphrase</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="607"/>
        <source>导入台账</source>
        <translation>Import a ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="616"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="617"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="618"/>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="619"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <location filename="../../desktop/language_menu.py" line="26"/>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/language_menu.py" line="44"/>
        <source>界面语言：%1</source>
        <translation>Interface language: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/language_menu.py" line="47"/>
        <source>界面语言将在重新启动后切换为 %1</source>
        <translation>The interface language changes to %1 at the next start</translation>
    </message>
</context>
<context>
    <name>LedgerExport</name>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="69"/>
        <source>村级劳动力月度台账</source>
        <extracomment>How often (ms) the rows written so far are shown while an export runs.</extracomment>
        <translation>Village monthly labour ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="70"/>
        <source>乡镇月度变动汇总</source>
        <translation>Township&apos;s changes of the month</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="71"/>
        <source>全国防返贫监测信息系统人员信息</source>
        <translation>National monitoring system: persons</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="72"/>
        <source>补贴发放名册</source>
        <translation>Subsidy list</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="75"/>
        <source>每名劳动力一行：当月务工、当年务工月数、月收入、当月服务和上次走访</source>
        <translation>One row per labour-force member: the month&apos;s work, months worked this year, monthly income, the month&apos;s services and the last visit</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="77"/>
        <source>上月21日至本月20日的新增、删除和修改，25日前录入省级系统</source>
        <translation>Additions, deletions and edits from the 21st of last month to the 20th, for the provincial system by the 25th</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="79"/>
        <source>国家系统的47列人员信息；先检查疑点数据，有疑点须明确“仍然导出”</source>
        <translation>The 47 national columns per person; checked first, findings need an explicit &quot;Export anyway&quot;</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="81"/>
        <source>补贴认领台账中每条发放记录，按政策、期间和户排列</source>
        <translation>Every grant of the claims ledger, by rule, period and household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="86"/>
        <source>证件号码重复</source>
        <extracomment>The national checks&apos; rules (``registry.ledgers.national``), for the findings table.</extracomment>
        <translation>Duplicate ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="87"/>
        <location filename="../../desktop/county/ledgers_export.py" line="98"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="88"/>
        <source>务工信息</source>
        <translation>Work</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="89"/>
        <source>劳动技能</source>
        <translation>Labour class</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="90"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="91"/>
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="92"/>
        <source>致贫风险</source>
        <translation>Poverty risk</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="95"/>
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="96"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="97"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers_export.py" line="99"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>LedgerImport</name>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="83"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="84"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="85"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="86"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="87"/>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="88"/>
        <source>是否户主</source>
        <translation>Is head of household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="89"/>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="90"/>
        <source>文化程度</source>
        <translation>Education</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="91"/>
        <source>政治面貌</source>
        <translation>Political status</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="92"/>
        <source>健康状况</source>
        <translation>Health</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="93"/>
        <source>残疾类别</source>
        <translation>Disability</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="94"/>
        <source>劳动技能</source>
        <translation>Labour class</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="95"/>
        <source>技能</source>
        <translation>Skill</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="96"/>
        <source>就业渠道</source>
        <translation>Employment channel</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="97"/>
        <source>务工地域</source>
        <translation>Work region</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="98"/>
        <source>务工所在地</source>
        <translation>Work place</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="99"/>
        <source>务工企业名称</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="100"/>
        <source>务工时间（月）</source>
        <translation>Months worked</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="101"/>
        <source>月收入</source>
        <translation>Monthly income</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="102"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="103"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="104"/>
        <source>户联系电话</source>
        <translation>Household phone</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="105"/>
        <source>户主姓名</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="106"/>
        <source>家庭住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="110"/>
        <source>新增</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="111"/>
        <source>新增（疑似重复，待县级核实）</source>
        <translation>Add (possible duplicate, for the county to check)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="112"/>
        <source>更新</source>
        <translation>Update</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="113"/>
        <source>无变化</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="114"/>
        <source>拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="115"/>
        <source>忽略（合计、填表人等）</source>
        <translation>Ignored (totals, signatures…)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="118"/>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="119"/>
        <source>处理</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="120"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="121"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="132"/>
        <source>%1 *（必填）</source>
        <translation>%1 * (required)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="327"/>
        <source>村代码应为12位数字（不以000结尾）</source>
        <extracomment>The words of ``registry.county_ledgers.village_problem``, for translation.</extracomment>
        <translation>A village code has 12 digits (not ending in 000)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="328"/>
        <source>该村不在本档案的辖区内</source>
        <translation>That village is outside this profile&apos;s area</translation>
    </message>
</context>
<context>
    <name>LedgersPage</name>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="643"/>
        <source>导入台账…</source>
        <translation>Import a ledger…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="645"/>
        <source>导入已有台账</source>
        <translation>Import an existing ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="647"/>
        <source>把村里、乡镇已有的 Excel 或 CSV 台账导入系统：先预览和核对列的对应，再试运行查看每一行的处理结果，确认无误后一次导入。</source>
        <translation>Bring the villages&apos; and townships&apos; existing Excel or CSV ledgers into the system: preview the file and check the columns, see in a dry run what each row would do, then import it in one step.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="653"/>
        <source>导出台账</source>
        <translation>Export ledgers</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="661"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="671"/>
        <source>导出的证件号码和电话默认遮蔽；审核员/第一书记和县级管理员可确认后导出完整号码，每次导出都记入审计日志。</source>
        <translation>ID and phone numbers are masked in exports by default; a reviewer/first secretary or county administrator may export full numbers after confirming. Every export is recorded in the audit log.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/ledgers.py" line="699"/>
        <source>上次导入：新增 %n 人，更新 %1 人</source>
        <translation>
            <numerusform>Last import: %n person added, %1 updated</numerusform>
            <numerusform>Last import: %n people added, %1 updated</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/sync_menu.py" line="49"/>
        <source>本机尚未连接县服务器：请在“同步 → 连接县服务器…”中填写县里提供的地址和注册码。</source>
        <translation>Not connected yet: Sync → Connect to the county server…, with the county&apos;s address and code.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="236"/>
        <source>演示用的本地县服务器未能启动，暂时不能同步；其他功能照常可用。</source>
        <extracomment>What the main window needs and the unlock window does not: imported on a worker thread while the unlock window waits for the passphrase (importing creates no Qt object).</extracomment>
        <translation>The demo&apos;s local county server did not start, so sync is unavailable; everything else works.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="101"/>
        <source>就业帮扶通 — %1</source>
        <translation>Bangfu — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="121"/>
        <source>登记新人员</source>
        <translation>Register a person</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="144"/>
        <source>联网时自动同步</source>
        <translation>Sync automatically when online</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="192"/>
        <source>就业帮扶通</source>
        <translation>Bangfu</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="340"/>
        <source>第 2 步：列对应</source>
        <translation>Step 2: Columns</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="341"/>
        <source>每一列对应系统中的一个字段；已按表头自动识别，可逐列修改。带 * 的字段为必填。</source>
        <translation>Each column fills one field; recognised from the headers, changeable column by column. Fields marked * are required.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="344"/>
        <source>文件中的列</source>
        <translation>Column in the file</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="344"/>
        <source>示例</source>
        <translation>Example</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="345"/>
        <source>对应字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="363"/>
        <source>（无表头）</source>
        <translation>(no header)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/ledgers.py" line="369"/>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
</context>
<context>
    <name>MemberFixDialog</name>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="50"/>
        <source>更正成员信息</source>
        <translation>Correct member</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="53"/>
        <source>不改请留空（现为 %1）</source>
        <translation>Leave empty to keep it (now %1)</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="60"/>
        <source>%1（原值）</source>
        <translation>%1 (as on file)</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="61"/>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="68"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="69"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="74"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="75"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="76"/>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="77"/>
        <source>出生日期和性别由身份证号得出。换户主：先把原户主改为其他关系，再把新户主设为“户主”。</source>
        <translation>Date of birth and sex come from the ID number. To change the head: first give the present head another relation, then make the new head “Head”.</translation>
    </message>
    <message>
        <location filename="../../desktop/member_fix_dialog.py" line="105"/>
        <source>已更正成员 %1 的信息。</source>
        <translation>%1&apos;s details corrected.</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="250"/>
        <source>合并重复人员</source>
        <translation>Merge duplicate people</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="252"/>
        <source>保留甲</source>
        <translation>Keep A</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="253"/>
        <source>保留乙</source>
        <translation>Keep B</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="255"/>
        <source>另一条记录将并入保留的记录：其历史记录保留，编号转向保留的记录，走访和补贴登记一并保留，并重新检查补贴是否重复登记。合并会同步到各设备，不能撤销。</source>
        <translation>The other record is merged into the one kept: its history stays, its id redirects to the kept record, its follow-ups and subsidy claims are kept and checked again for subsidies recorded twice. The merge syncs to every device and cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="260"/>
        <source>合并</source>
        <translation>Merge</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/duplicates.py" line="282"/>
        <source>注意：%1 是户 %2 的户主，该户还有 %n 名成员。合并后该户将没有户主，请在合并后到该户指定新的户主。</source>
        <translation>
            <numerusform>Note: %1 is the head of household %2, which has %n other member. After the merge that household has no head: name a new head there.</numerusform>
            <numerusform>Note: %1 is the head of household %2, which has %n other members. After the merge that household has no head: name a new head there.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/duplicates.py" line="289"/>
        <source>%1：%2（%3 %4，%5）</source>
        <translation>%1: %2 (%3 %4, %5)</translation>
    </message>
</context>
<context>
    <name>NewCodeDialog</name>
    <message>
        <location filename="../../desktop/county/devices.py" line="362"/>
        <source>新设备注册码</source>
        <translation>New device code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="364"/>
        <source>例如：梅溪村第一书记笔记本</source>
        <translation>e.g. Meixi village first secretary laptop</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="369"/>
        <source>12 位区划代码</source>
        <translation>12-digit division code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="378"/>
        <source>设备名称</source>
        <translation>Device name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="379"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="380"/>
        <source>辖区代码</source>
        <translation>Area code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="385"/>
        <source>生成注册码</source>
        <translation>Make code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="386"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="400"/>
        <source>设备名称：请填写。</source>
        <translation>Device name: required.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/devices.py" line="402"/>
        <source>辖区代码：须为 2、4、6、9 或 12 位数字。</source>
        <translation>Area code: 2, 4, 6, 9 or 12 digits.</translation>
    </message>
</context>
<context>
    <name>NewProfileDialog</name>
    <message>
        <location filename="../../desktop/new_profile.py" line="39"/>
        <location filename="../../desktop/new_profile.py" line="74"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="40"/>
        <location filename="../../desktop/new_profile.py" line="77"/>
        <source>辖区代码</source>
        <translation>Area (division code)</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="52"/>
        <source>就业帮扶通 — 新建档案</source>
        <translation>Bangfu — new profile</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="59"/>
        <source>如 361130104201（村）或 361130（县）</source>
        <translation>e.g. 361130104201 (village) or 361130 (county)</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="63"/>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="70"/>
        <source>本机还没有档案。数据只以加密形式保存在本机；请牢记密码，忘记后本机未同步的数据将无法打开。密码至少 8 位，包含大写字母、小写字母、数字、符号中的三类。</source>
        <translation>This laptop has no profile yet. Data is kept only encrypted on this laptop; remember the passphrase: without it, data not yet synced cannot be opened. A passphrase has 8+ characters from at least 3 of: upper case, lower case, digits, symbols.</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="75"/>
        <location filename="../../desktop/new_profile.py" line="119"/>
        <source>密码</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="76"/>
        <location filename="../../desktop/new_profile.py" line="95"/>
        <source>再次输入密码</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="80"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="95"/>
        <location filename="../../desktop/new_profile.py" line="117"/>
        <location filename="../../desktop/new_profile.py" line="119"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="95"/>
        <source>两次输入的密码不一致</source>
        <translation>the two passphrases differ</translation>
    </message>
    <message>
        <location filename="../../desktop/new_profile.py" line="108"/>
        <source>无法在 %1 创建档案（%2）</source>
        <translation>Cannot create a profile in %1 (%2)</translation>
    </message>
</context>
<context>
    <name>PageNavigator</name>
    <message>
        <location filename="../../desktop/forms/navigation.py" line="51"/>
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/navigation.py" line="52"/>
        <source>下一页</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="168"/>
        <location filename="../../desktop/accounts_dialog.py" line="188"/>
        <source>当前密码</source>
        <translation>Current passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="169"/>
        <location filename="../../desktop/accounts_dialog.py" line="179"/>
        <source>新密码</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="170"/>
        <location filename="../../desktop/accounts_dialog.py" line="182"/>
        <source>再次输入新密码</source>
        <translation>New passphrase again</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="171"/>
        <source>修改</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="182"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="182"/>
        <source>两次输入的密码不一致</source>
        <translation>the two passphrases differ</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="189"/>
        <source>正在修改密码…</source>
        <translation>Changing the passphrase…</translation>
    </message>
</context>
<context>
    <name>PeopleDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/county/dashboard.py" line="214"/>
        <source>共 %n 人</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="215"/>
        <source>共 %1 人，显示前 %2 人</source>
        <translation>%1 people, the first %2 shown</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="219"/>
        <source>双击一行打开该户（本名单暂时收起，回到概览时再显示）。</source>
        <translation>Double-click a row to open the household (this list is set aside and comes back when you return to the overview).</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="164"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="165"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="166"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/dashboard.py" line="167"/>
        <source>情况</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="134"/>
        <source>政策包</source>
        <translation>Policy pack</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="134"/>
        <source>适用地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="134"/>
        <location filename="../../desktop/county/policy_page.py" line="150"/>
        <source>生效</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="135"/>
        <location filename="../../desktop/county/policy_page.py" line="150"/>
        <source>截止</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="135"/>
        <source>规则（有效/全部）</source>
        <translation>Rules (in force/all)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="135"/>
        <location filename="../../desktop/county/policy_page.py" line="151"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="137"/>
        <source>载入县级政策包…</source>
        <translation>Load a county pack…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="139"/>
        <source>撤回所选县级政策包</source>
        <translation>Withdraw the selected county pack</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="143"/>
        <location filename="../../desktop/county/policy_page.py" line="321"/>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="143"/>
        <location filename="../../desktop/county/policy_page.py" line="321"/>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="143"/>
        <location filename="../../desktop/county/policy_page.py" line="321"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="144"/>
        <location filename="../../desktop/county/policy_page.py" line="321"/>
        <source>列名</source>
        <translation>Header</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="144"/>
        <location filename="../../desktop/county/policy_page.py" line="315"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="146"/>
        <source>发布（随同步下发到本县设备）</source>
        <translation>Publish (reaches the county&apos;s devices by sync)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="149"/>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="149"/>
        <source>档次</source>
        <translation>Tier</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="149"/>
        <source>月最低工资</source>
        <translation>Monthly minimum wage</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="150"/>
        <source>确认人</source>
        <translation>Confirmed by</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="151"/>
        <source>确认日期</source>
        <translation>Confirmed on</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="153"/>
        <source>确认所选（金额不变）</source>
        <translation>Confirm the selected row (same amount)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="155"/>
        <source>更正…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="161"/>
        <source>地区代码</source>
        <translation>Area code</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="163"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="168"/>
        <source>载入的政策包</source>
        <translation>Loaded pack</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="175"/>
        <source>最低工资（县级确认或更正后随同步下发）</source>
        <translation>Minimum wages (confirmed or corrected by the county, distributed by sync)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="200"/>
        <source>地区代码应为 2 至 12 位数字（行政区划代码）</source>
        <translation>The area code is 2 to 12 digits (a division code)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="232"/>
        <source>内置：%1（%2）</source>
        <translation>Built in: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="234"/>
        <source>县级发布：%1，%2</source>
        <translation>Published by the county: %1, %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="237"/>
        <location filename="../../desktop/county/policy_page.py" line="363"/>
        <source>长期</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="242"/>
        <source>（现行）</source>
        <translation> (in force)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="244"/>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="246"/>
        <source>未确认</source>
        <translation>not confirmed</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="265"/>
        <source>请选择本县的一行（省级档次和其他县的行仅供参考）</source>
        <translation>Choose this county&apos;s row (province tiers and other counties&apos; rows are for reference only)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="276"/>
        <source>选择县级政策包</source>
        <translation>Choose a county pack</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="276"/>
        <source>政策包 (*.xlsx)</source>
        <translation>Policy packs (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="293"/>
        <source>%1：检查通过。%2（%3），%4，%5；SHA-256 %6…</source>
        <translation>%1: checked, no problems. %2 (%3), %4, %5; SHA-256 %6…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/policy_page.py" line="294"/>
        <source>%n 条规则</source>
        <translation>
            <numerusform>%n rule</numerusform>
            <numerusform>%n rules</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/policy_page.py" line="295"/>
        <source>%n 条最低工资</source>
        <translation>
            <numerusform>%n minimum wage</numerusform>
            <numerusform>%n minimum wages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/policy_page.py" line="297"/>
        <source>另有 %n 条提示（不影响发布），请读后再发布：</source>
        <translation>
            <numerusform>%n more note (publishing is not blocked); read it before publishing:</numerusform>
            <numerusform>%n more notes (publishing is not blocked); read them before publishing:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="299"/>
        <source>提示</source>
        <translation>Note</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/policy_page.py" line="313"/>
        <source>发现 %n 个问题，未发布。请在 Excel 中改正后重新载入：</source>
        <translation>
            <numerusform>%n problem found; nothing published. Correct it in Excel and load the file again:</numerusform>
            <numerusform>%n problems found; nothing published. Correct them in Excel and load the file again:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="341"/>
        <source>%1 已发布，下次同步时下发到本县设备。</source>
        <translation>%1 published; the county&apos;s devices receive it at their next sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="348"/>
        <source>撤回政策包</source>
        <translation>Withdraw pack</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="359"/>
        <source>撤回县级政策包“%1”？
编号：%2
适用地区：%3
有效期：%4 至 %5
发布日期（版本）：%6；%7 于 %8 发布到本县
下次同步时本县设备随之删除。</source>
        <translation>Withdraw the county policy pack “%1”?
ID: %2
Region: %3
Valid: %4 to %5
Issue date (version): %6; published to this county by %7 on %8
The county’s devices delete it at their next sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="379"/>
        <source>县级确认</source>
        <translation>Confirmed by the county</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="63"/>
        <source>就业帮扶通 — 县级恢复</source>
        <extracomment>how often the GUI thread looks whether the worker is done</extracomment>
        <translation>Bangfu — county recovery</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="65"/>
        <source>县人社局保管的恢复密钥文件（.json）</source>
        <translation>The recovery key file kept by the county bureau (.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="66"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="80"/>
        <source>恢复并解锁</source>
        <translation>Recover and unlock</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="81"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="93"/>
        <source>供县人社局工作人员使用：用县级恢复密钥文件及其口令打开本机档案，为一位用户设置新密码。本机未同步的数据不受影响；此操作记入审计日志。</source>
        <translation>For county bureau staff: open this laptop&apos;s profile with the county recovery key file and its passphrase, and set a new passphrase for one user. Unsynced data on this laptop is kept; this is recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="100"/>
        <location filename="../../desktop/recovery_dialog.py" line="141"/>
        <location filename="../../desktop/recovery_dialog.py" line="193"/>
        <location filename="../../desktop/recovery_dialog.py" line="195"/>
        <source>恢复密钥文件</source>
        <translation>Recovery key file</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="101"/>
        <location filename="../../desktop/recovery_dialog.py" line="143"/>
        <location filename="../../desktop/recovery_dialog.py" line="191"/>
        <source>恢复密钥口令</source>
        <translation>Key file passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="102"/>
        <location filename="../../desktop/recovery_dialog.py" line="145"/>
        <location filename="../../desktop/recovery_dialog.py" line="200"/>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="103"/>
        <location filename="../../desktop/recovery_dialog.py" line="149"/>
        <location filename="../../desktop/recovery_dialog.py" line="202"/>
        <source>新密码</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="104"/>
        <location filename="../../desktop/recovery_dialog.py" line="151"/>
        <source>再次输入新密码</source>
        <translation>New passphrase again</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="114"/>
        <source>选择恢复密钥文件</source>
        <translation>Choose the recovery key file</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="115"/>
        <source>恢复密钥文件 (*.json);;所有文件 (*)</source>
        <translation>Recovery key files (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="128"/>
        <source>正在验证恢复密钥，请稍候…</source>
        <translation>Checking the recovery key, please wait…</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="139"/>
        <location filename="../../desktop/recovery_dialog.py" line="185"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="141"/>
        <source>请选择文件</source>
        <translation>choose a file</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="143"/>
        <source>请输入口令</source>
        <translation>type its passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="145"/>
        <source>本档案没有用户</source>
        <translation>this profile has no user</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="151"/>
        <source>两次输入的新密码不一致</source>
        <translation>the two new passphrases differ</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="188"/>
        <source>未做任何更改。</source>
        <translation>Nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="191"/>
        <source>口令错误</source>
        <translation>wrong passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="193"/>
        <source>文件已损坏，无法读取</source>
        <translation>the file is damaged and cannot be read</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="195"/>
        <source>所选文件不是县级恢复密钥文件</source>
        <translation>the chosen file is not a county recovery key file</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="197"/>
        <source>此档案没有该恢复密钥的恢复槽（档案从未与县服务器同步过，或密钥不是本县的），无法用它恢复</source>
        <translation>This profile has no recovery slot for this key (it never synced with the county server, or the key is another county&apos;s); it cannot be recovered with it</translation>
    </message>
    <message>
        <location filename="../../desktop/recovery_dialog.py" line="207"/>
        <source>恢复失败（%1）</source>
        <translation>Recovery failed (%1)</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <location filename="../../desktop/register_dialog.py" line="56"/>
        <source>登记新人员（先查找）</source>
        <translation>Register a person (search first)</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="57"/>
        <source>新增成员（先查找）</source>
        <translation>Add member (search first)</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="59"/>
        <source>18 位身份证号</source>
        <translation>18-character ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="61"/>
        <source>查找</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="66"/>
        <source>如：3组12号</source>
        <translation>e.g. 3组12号</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="71"/>
        <source>打开已登记人员</source>
        <translation>Open the registered person</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="72"/>
        <source>登记新户</source>
        <translation>Register a new household</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="73"/>
        <source>登记为本户成员</source>
        <translation>Register as a member</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="76"/>
        <source>新建农户需要村级档案：本档案的范围不是一个村，在这里只能查找和打开已登记人员。请在村级档案上登记新户。</source>
        <translation>A new household needs a village profile: this profile&apos;s scope is not a village, so here you can only search for and open people already registered. Register new households on a village profile.</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="82"/>
        <source>新建农户需要村级档案</source>
        <translation>A new household needs a village profile</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="88"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="89"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="91"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="93"/>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="103"/>
        <source>同名人员：</source>
        <translation>People of the same name:</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="118"/>
        <source>先输入身份证号和姓名，点“查找”。</source>
        <translation>Enter the ID number and name, then click Search.</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="142"/>
        <source>此身份证号（%1）已登记，不能重复登记。请打开已登记人员。</source>
        <translation>This ID number (%1) is already on file and cannot be registered again. Open the registered person.</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="149"/>
        <source>未找到此身份证号。由身份证号得出：出生日期 %1，性别 %2。新建农户需要村级档案，本档案不能登记。</source>
        <translation>This ID number is not on file. From the ID number: born %1, sex %2. A new household needs a village profile; this profile cannot register it.</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="153"/>
        <source>未找到此身份证号，可以登记。由身份证号得出：出生日期 %1，性别 %2。</source>
        <translation>This ID number is not on file: you may register. From the ID number: born %1, %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="147"/>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="147"/>
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="186"/>
        <source>已登记新户 %1，户主 %2。</source>
        <translation>New household %1 registered, head %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/register_dialog.py" line="193"/>
        <source>已登记成员 %1。</source>
        <translation>Member %1 registered.</translation>
    </message>
</context>
<context>
    <name>RevealButton</name>
    <message>
        <location filename="../../desktop/reveal.py" line="29"/>
        <location filename="../../desktop/reveal.py" line="79"/>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../desktop/reveal.py" line="79"/>
        <source>隐藏</source>
        <translation>Hide</translation>
    </message>
    <message>
        <location filename="../../desktop/reveal.py" line="82"/>
        <source>只有审核员/第一书记或县级管理员可以查看完整号码</source>
        <translation>Only a reviewer / first secretary or a county administrator can see full numbers</translation>
    </message>
    <message>
        <location filename="../../desktop/reveal.py" line="84"/>
        <source>显示完整号码 %1 秒（每次查看都记入审计日志）</source>
        <translation>Show the full number for %1 s (each time is recorded in the audit log)</translation>
    </message>
</context>
<context>
    <name>SubsidyPage</name>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="442"/>
        <source>生成名单</source>
        <translation>Build list</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="444"/>
        <source>停止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="447"/>
        <source>名单生成后数据已有变化（如同步或其他页面的修改），当前名单可能已过时。</source>
        <translation>The data changed after this list was built (a sync or another page); the list may be out of date.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="449"/>
        <source>重新生成</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="462"/>
        <location filename="../../desktop/county/subsidy_page.py" line="466"/>
        <location filename="../../desktop/county/subsidy_page.py" line="677"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="468"/>
        <source>姓名或户编号</source>
        <translation>Name or household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="492"/>
        <source>选中全部“符合”</source>
        <translation>Select all eligible</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="494"/>
        <source>发放选中</source>
        <translation>Grant selected</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="496"/>
        <source>导出名册（号码打码）…</source>
        <translation>Export list (numbers masked)…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="498"/>
        <source>导出完整号码…</source>
        <translation>Export with full numbers…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="502"/>
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="502"/>
        <location filename="../../desktop/county/subsidy_page.py" line="512"/>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="502"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="502"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="503"/>
        <source>登记（人员 日期）</source>
        <translation>Recorded (by, on)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="512"/>
        <source>补贴规则</source>
        <translation>Subsidy rule</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="513"/>
        <source>评估日期</source>
        <translation>As of</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="520"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="520"/>
        <source>村（居）</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="531"/>
        <source>重复登记（同一规则、同一人、同一期间登记了不止一次）</source>
        <translation>Duplicate claims (one rule, one person, one period recorded more than once)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="569"/>
        <source>本地区在该日期没有有效的个人补贴规则</source>
        <translation>No person subsidy rule is in force here on this date</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="570"/>
        <source>本县现行的政策文件请在“政策”页用“载入县级政策包…”载入；往年的名单请把评估日期改到当年之内。</source>
        <translation>Load the county&apos;s current policy pack on the Policy page (Load a county pack…); for an earlier year&apos;s list, set As of to a day of that year.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="578"/>
        <source>长期</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="579"/>
        <source>%1（%2）
有效期 %3 至 %4
来源：%5</source>
        <translation>%1 (%2)
in force %3 to %4
source: %5</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="594"/>
        <source>正在计算名单…</source>
        <translation>Building the list…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="618"/>
        <source>规则、期间或评估日期已改，请重新生成名单</source>
        <translation>The rule, period or date changed; build the list again</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="624"/>
        <source>已停止</source>
        <translation>Stopped</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/subsidy_page.py" line="635"/>
        <source>正在计算名单… %1/%n 个村</source>
        <translation>
            <numerusform>Building the list… %1/%n village</numerusform>
            <numerusform>Building the list… %1/%n villages</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="710"/>
        <source>显示 %1 人</source>
        <translation>%1 shown</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/subsidy_page.py" line="721"/>
        <source>（另 %n 人金额无法计算，未计入）</source>
        <translation>
            <numerusform>(%n more whose amount cannot be computed, not counted)</numerusform>
            <numerusform>(%n more whose amounts cannot be computed, not counted)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="734"/>
        <source>符合 %1 人，金额未规定</source>
        <translation>%1 eligible, amount not stated</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="736"/>
        <source>符合 %1 人，金额无法计算</source>
        <translation>%1 eligible, amount cannot be computed</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="738"/>
        <source>符合 %1 人，金额有按次、按月两种，未合计</source>
        <translation>%1 eligible, amounts once-off and monthly, not added up</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="741"/>
        <source>符合 %1 人，每月金额合计不超过 %2 元（按上限计）</source>
        <translation>%1 eligible, at most %2 yuan a month in all (at the cap)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="742"/>
        <source>符合 %1 人，金额合计不超过 %2 元（按上限计）</source>
        <translation>%1 eligible, total at most %2 yuan (at the cap)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="744"/>
        <source>符合 %1 人，每月金额合计 %2 元</source>
        <translation>%1 eligible, %2 yuan a month in all</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="745"/>
        <source>符合 %1 人，金额合计 %2 元</source>
        <translation>%1 eligible, total %2 yuan</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/subsidy_page.py" line="719"/>
        <location filename="../../desktop/county/subsidy_page.py" line="728"/>
        <source>（另 %n 人金额未规定，未计入）</source>
        <translation>
            <numerusform>(%n more with no amount stated, not counted)</numerusform>
            <numerusform>(%n more with no amount stated, not counted)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="725"/>
        <source>已发放 %1 人，金额未规定</source>
        <translation>%1 granted, amount not stated</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="726"/>
        <source>已发放 %1 人，实发合计 %2 元</source>
        <translation>%1 granted, %2 yuan paid in all</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="776"/>
        <source>请先选择补贴规则：名册只导出所选规则的登记</source>
        <translation>Choose a subsidy rule first: the roster exports only the chosen rule’s claims</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/subsidy_page.py" line="848"/>
        <source>%n 条：%1</source>
        <translation>
            <numerusform>%n claim: %1</numerusform>
            <numerusform>%n claims: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/subsidy_page.py" line="853"/>
        <source>重复登记 %n 组（同一规则、同一人、同一期间登记了不止一次）</source>
        <translation>
            <numerusform>%n duplicate claim group (one rule, one person, one period recorded more than once)</numerusform>
            <numerusform>%n duplicate claim groups (one rule, one person, one period recorded more than once)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/county/subsidy_page.py" line="904"/>
        <source>已导出 %n 行到 %1</source>
        <translation>
            <numerusform>Exported %n row to %1</numerusform>
            <numerusform>Exported %n rows to %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="771"/>
        <source>发放选中（%1 人）</source>
        <translation>Grant selected (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="783"/>
        <source>只有审核员/第一书记或县级管理员可以导出完整号码</source>
        <translation>Only a reviewer/first secretary or county administrator may export full numbers</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="807"/>
        <source>正在登记补贴…</source>
        <translation>Recording the grants…</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="879"/>
        <source>导出完整号码</source>
        <translation>Export full numbers</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="880"/>
        <source>名册将含完整身份证号码和电话，请妥善保管。此次导出记入审计日志。继续？</source>
        <translation>The list will hold full ID and phone numbers; keep it safe. This export is recorded in the audit log. Continue?</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="885"/>
        <source>导出补贴发放名册</source>
        <translation>Export the subsidy list</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="885"/>
        <source>补贴发放名册.xlsx</source>
        <translation>subsidy-list.xlsx</translation>
    </message>
</context>
<context>
    <name>SubsidyTableModel</name>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="113"/>
        <source>符合</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="114"/>
        <source>待核实（事实不全）</source>
        <translation>To check (facts missing)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="115"/>
        <source>已发放</source>
        <translation>Granted</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="119"/>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="120"/>
        <source>元/月</source>
        <translation>yuan/month</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="139"/>
        <location filename="../../desktop/county/subsidy_page.py" line="147"/>
        <source>金额未规定</source>
        <translation>Amount not stated</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="152"/>
        <source>不超过 %1 %2</source>
        <translation>Up to %1 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="153"/>
        <source>无法计算</source>
        <translation>Cannot be computed</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="176"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="177"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="178"/>
        <source>户编号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="179"/>
        <source>村（居）</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="180"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="181"/>
        <source>依据（条件）</source>
        <translation>Grounds (conditions)</translation>
    </message>
    <message>
        <location filename="../../desktop/county/subsidy_page.py" line="185"/>
        <source>（%1 条登记）</source>
        <translation> (%1 claims)</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/sync_ui.py" line="164"/>
        <location filename="../../desktop/sync_ui.py" line="169"/>
        <source>正在与县服务器同步…</source>
        <translation>Syncing with the county server…</translation>
    </message>
</context>
<context>
    <name>SyncMenu</name>
    <message>
        <location filename="../../desktop/sync_menu.py" line="33"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_menu.py" line="36"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_menu.py" line="39"/>
        <source>连接县服务器…</source>
        <translation>Connect to the county server…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_menu.py" line="41"/>
        <source>导出U盘数据包…</source>
        <translation>Export USB bundle…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_menu.py" line="77"/>
        <source>已连接县服务器 %1（辖区 %2），可以同步了</source>
        <translation>Connected to the county server %1 (area %2); ready to sync</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_menu.py" line="82"/>
        <location filename="../../desktop/sync_menu.py" line="94"/>
        <source>导出U盘数据包</source>
        <translation>Export USB bundle</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_menu.py" line="83"/>
        <source>数据包 (*.bundle)</source>
        <translation>Bundles (*.bundle)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_menu.py" line="90"/>
        <source>正在导出U盘数据包…</source>
        <translation>Exporting the USB bundle…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_menu.py" line="95"/>
        <source>没有待上传的修改，未写入文件。</source>
        <translation>No changes are waiting to be sent; no file was written.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/sync_menu.py" line="99"/>
        <source>已导出 %n 条记录的修改到 %1。县人社局导入后，这些修改在下次联网同步时确认。</source>
        <translation>
            <numerusform>Exported the changes of %n record to %1. Once the county HRSS bureau imports them, they are confirmed at the next sync.</numerusform>
            <numerusform>Exported the changes of %n records to %1. Once the county HRSS bureau imports them, they are confirmed at the next sync.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/sync_menu.py" line="102"/>
        <source>已导出审计日志到 %1。县人社局导入后，在下次联网同步时确认。</source>
        <translation>Exported the audit log to %1. Once the county HRSS bureau imports it, it is confirmed at the next sync.</translation>
    </message>
</context>
<context>
    <name>SyncProgressDialog</name>
    <message>
        <location filename="../../desktop/sync_ui.py" line="36"/>
        <source>正在上传本机的修改…</source>
        <translation>Sending this laptop&apos;s changes…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="37"/>
        <source>正在下载县服务器上的修改…</source>
        <translation>Receiving changes from the county server…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="38"/>
        <source>首次同步：正在下载本辖区的全部记录…</source>
        <translation>First sync: downloading every record of this area…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="39"/>
        <source>正在核对本机与县服务器的数据…</source>
        <translation>Checking this laptop&apos;s data against the county server…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="40"/>
        <source>正在修复：按县服务器的数据重建本机记录…</source>
        <translation>Repairing: rebuilding this laptop&apos;s records from the county server…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="43"/>
        <source>已上传 %1 / %2 条记录</source>
        <translation>Sent: %1 of %2 records</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="44"/>
        <source>已下载 %1 项修改</source>
        <translation>Received: %1 changes</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="45"/>
        <source>已下载 %1 / %2 条记录</source>
        <translation>Downloaded: %1 of %2</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="46"/>
        <source>比对记录条数与校验值</source>
        <translation>Comparing record counts and checksums</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="47"/>
        <source>共 %2 条记录</source>
        <translation>Records in all: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="62"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="68"/>
        <source>可以随时取消：已上传的数据不会丢失，未完成的部分下次同步时继续。</source>
        <translation>You can cancel at any time: nothing sent is lost, and the rest continues at the next sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="70"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="124"/>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../desktop/sync_status.py" line="46"/>
        <source>走访</source>
        <extracomment>The records 待上传 counts, by list, as its tooltip names them.</extracomment>
        <translation>follow-ups</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="47"/>
        <source>人员</source>
        <translation>people</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="48"/>
        <source>农户</source>
        <translation>households</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="49"/>
        <source>就业服务</source>
        <translation>services</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="50"/>
        <source>培训</source>
        <translation>trainings</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="51"/>
        <source>公益性岗位</source>
        <translation>public welfare posts</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="52"/>
        <source>补贴发放</source>
        <translation>subsidy claims</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="53"/>
        <source>务工经历</source>
        <translation>work spells</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="55"/>
        <source>其他</source>
        <translation>other</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="64"/>
        <source>%1 %2 条</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="67"/>
        <source>待上传：%1</source>
        <translation>To upload: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="68"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="186"/>
        <source>待核查 %1</source>
        <extracomment>the last 待上传 breakdown shown (its tooltip)</extracomment>
        <translation>To check: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="187"/>
        <source>县服务器发现的问题：重复的身份证号、设备时钟超前</source>
        <translation>Problems the county server found: duplicate ID numbers, a device clock ahead</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="194"/>
        <source>正在读取同步状态…</source>
        <translation>Reading the sync status…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="196"/>
        <source>未连接县服务器</source>
        <translation>Not connected to a county server</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="198"/>
        <source>同步中</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="200"/>
        <source>已连接</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="202"/>
        <source>未联网</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="204"/>
        <source>尚未同步</source>
        <translation>never synced</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="207"/>
        <source>上次同步 %1</source>
        <translation>last sync %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="208"/>
        <source>待上传（正在统计）</source>
        <translation>counting what is to upload…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="209"/>
        <source>待上传 %1</source>
        <translation>%1 to upload</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../desktop/unlock.py" line="83"/>
        <source>就业帮扶通 — 解锁</source>
        <extracomment>Takes user and passphrase; returns what unlocking gives (a store, or a key) or raises. How often the GUI thread looks whether the unlock worker is done (ms).</extracomment>
        <translation>Bangfu — unlock</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="90"/>
        <source>请输入密码</source>
        <translation>Enter passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="97"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="99"/>
        <location filename="../../desktop/unlock.py" line="282"/>
        <location filename="../../desktop/unlock.py" line="285"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="107"/>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="108"/>
        <source>密码</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="110"/>
        <source>数据已加密。请输入本机用户的密码。</source>
        <translation>The data is encrypted. Enter the passphrase of a user of this laptop.</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="121"/>
        <source>忘记口令？县级恢复…</source>
        <translation>Forgot the passphrase? County recovery…</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="158"/>
        <source>解锁时出现意外错误（%1），请再试一次；如仍失败，请联系县人社局。</source>
        <translation>An unexpected error (%1) stopped the unlock. Please try again; if it keeps failing, contact the county employment bureau.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/unlock.py" line="242"/>
        <source>密码错误（已连续失败 %n 次）</source>
        <translation>
            <numerusform>Wrong passphrase (%n failed attempt in a row)</numerusform>
            <numerusform>Wrong passphrase (%n failed attempts in a row)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="248"/>
        <source>注意：再输错一次，须等待 %1 秒才能再试。</source>
        <translation>Careful: one more wrong passphrase and you must wait %1 s before trying again.</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="265"/>
        <source>现在可以再试一次。</source>
        <translation>You can try again now.</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="168"/>
        <source>正在解锁，请稍候…</source>
        <translation>Unlocking, please wait…</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="209"/>
        <source>正在升级数据库（第 %1 版）…</source>
        <translation>Upgrading the database (schema %1)…</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="268"/>
        <source>失败次数过多，请 %1 秒后再试。</source>
        <translation>Too many failed attempts; try again in %1 s.</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="283"/>
        <source>退出就业帮扶通？</source>
        <translation>Quit Bangfu?</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="284"/>
        <source>正在填写的表单已自动保存为草稿。</source>
        <translation>Forms being filled in have been saved as drafts.</translation>
    </message>
    <message>
        <location filename="../../desktop/unlock.py" line="286"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>WageDialog</name>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="83"/>
        <source>更正最低工资</source>
        <translation>Correct the minimum wage</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="86"/>
        <source> 元/月</source>
        <translation> yuan/month</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="91"/>
        <source>文件名称或文号，如：赣人社发〔2024〕7号</source>
        <translation>Document title or number, e.g. 赣人社发〔2024〕7号</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="95"/>
        <source>月最低工资</source>
        <translation>Monthly minimum wage</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="96"/>
        <source>生效日期</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../desktop/county/policy_page.py" line="97"/>
        <source>依据</source>
        <translation>Source</translation>
    </message>
</context>
<context>
    <name>WorklistPage</name>
    <message>
        <location filename="../../desktop/worklist_page.py" line="190"/>
        <source>预警：全部</source>
        <extracomment>the navigation count (&quot;26&quot;: still to visit) 村（居）: shown when the scope&apos;s rows span more than one village</extracomment>
        <translation>Alerts: all</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="191"/>
        <source>仅有预警的</source>
        <translation>With alerts only</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="193"/>
        <source>查找姓名或户编号</source>
        <translation>Find a name or household number</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="202"/>
        <source>走访登记</source>
        <translation>Record follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="203"/>
        <source>打开农户</source>
        <translation>Open household</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="284"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="303"/>
        <source>（已过）</source>
        <translation> (passed)</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="304"/>
        <source>本月走访  %1年%2月 · 截止 %3月20日%4</source>
        <translation>This month&apos;s visits  %2/%1 · due %3/20%4</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="306"/>
        <source>已走访 %1 / %2</source>
        <translation>Visited %1 / %2</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="325"/>
        <source>村民小组：全部</source>
        <translation>Village group: all</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="341"/>
        <source>村（居）：全部</source>
        <translation>Village: all</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="326"/>
        <source>劳动技能：全部</source>
        <translation>Labour class: all</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/worklist_page.py" line="290"/>
        <source>共 %n 人</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="327"/>
        <source>务工状态：全部</source>
        <translation>Work status: all</translation>
    </message>
</context>
<context>
    <name>accounts</name>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="45"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="46"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="47"/>
        <source>起始日期</source>
        <translation>First day</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="48"/>
        <source>截止日期</source>
        <translation>Last day</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="51"/>
        <source>录入员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="52"/>
        <source>审核员/第一书记</source>
        <translation>Reviewer / first secretary</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="53"/>
        <source>县级管理员</source>
        <translation>County administrator</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="72"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="96"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="123"/>
        <source>添加用户</source>
        <translation>User added</translation>
    </message>
    <message>
        <location filename="../../desktop/accounts_dialog.py" line="164"/>
        <source>修改我的密码</source>
        <translation>Change my passphrase</translation>
    </message>
</context>
<context>
    <name>audit</name>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="125"/>
        <source>管理设备</source>
        <translation>Manage devices</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="46"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="47"/>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="48"/>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="49"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="50"/>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="51"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="52"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="54"/>
        <source>成功</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="54"/>
        <source>拒绝</source>
        <translation>denied</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="55"/>
        <source>失败</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="58"/>
        <source>角色</source>
        <translation>role</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="59"/>
        <source>遮蔽</source>
        <translation>masked</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="60"/>
        <source>行数</source>
        <translation>rows</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="61"/>
        <source>字段</source>
        <translation>field</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="62"/>
        <source>卡片数</source>
        <translation>cards</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="63"/>
        <source>已登记用户</source>
        <translation>known user</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="64"/>
        <source>解锁后补记</source>
        <translation>recorded at unlock</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="65"/>
        <source>并入的记录</source>
        <translation>merged record</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="66"/>
        <source>变更数</source>
        <translation>changes</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="67"/>
        <source>原辖区</source>
        <translation>from area</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="68"/>
        <source>方式</source>
        <translation>by</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="69"/>
        <source>密钥指纹</source>
        <translation>key fingerprint</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="70"/>
        <source>查重字段</source>
        <translation>match fields</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="71"/>
        <source>人员</source>
        <translation>people</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="72"/>
        <source>属性</source>
        <translation>property</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="73"/>
        <source>保留</source>
        <translation>kept</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="74"/>
        <source>来自已合并记录</source>
        <translation>from merged record</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="75"/>
        <source>错误</source>
        <translation>error</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="76"/>
        <source>曾被吊销</source>
        <translation>was revoked</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="77"/>
        <source>类别</source>
        <translation>kind</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="78"/>
        <source>月份</source>
        <translation>month</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="79"/>
        <source>区域</source>
        <translation>area</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="80"/>
        <source>格式</source>
        <translation>format</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="81"/>
        <source>发现问题</source>
        <translation>findings</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="82"/>
        <source>页数</source>
        <translation>pages</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="83"/>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="84"/>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="85"/>
        <source>录入员</source>
        <translation>clerk</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="86"/>
        <source>审核员/第一书记</source>
        <translation>reviewer / first secretary</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="87"/>
        <source>县级管理员</source>
        <translation>county administrator</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="88"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="89"/>
        <source>手机号</source>
        <translation>mobile number</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="90"/>
        <source>监护人电话</source>
        <translation>guardian&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="91"/>
        <source>删除</source>
        <translation>delete</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="92"/>
        <source>县级恢复密钥</source>
        <translation>county recovery key</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="93"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="94"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="98"/>
        <source>服务卡</source>
        <translation>service card</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="99"/>
        <source>台账</source>
        <translation>ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="100"/>
        <source>村级劳动力月度台账</source>
        <translation>Village monthly labour ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="101"/>
        <source>乡镇月度变动汇总</source>
        <translation>Township&apos;s changes of the month</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="102"/>
        <source>全国防返贫监测信息系统人员信息</source>
        <translation>National monitoring system: persons</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="103"/>
        <source>补贴发放名册</source>
        <translation>Subsidy list</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="106"/>
        <source>登录</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="107"/>
        <source>解锁失败</source>
        <translation>Failed unlock</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="108"/>
        <source>查看完整号码</source>
        <translation>Full number shown</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="109"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="110"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="111"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="112"/>
        <source>U盘数据包</source>
        <translation>USB bundle</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="113"/>
        <source>强制认领</source>
        <translation>Claim override</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="114"/>
        <source>处理冲突</source>
        <translation>Conflict resolved</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="115"/>
        <source>合并重复</source>
        <translation>Duplicates merged</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="116"/>
        <source>添加用户</source>
        <translation>User added</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="117"/>
        <source>删除用户</source>
        <translation>User removed</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="118"/>
        <source>修改密码</source>
        <translation>Passphrase changed</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="119"/>
        <source>修改角色</source>
        <translation>Role changed</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="120"/>
        <source>县级恢复密钥解锁</source>
        <translation>County recovery unlock</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="121"/>
        <source>添加恢复槽</source>
        <translation>Recovery slot added</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="122"/>
        <source>导出审计日志</source>
        <translation>Audit log exported</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="123"/>
        <source>标记非同一人</source>
        <translation>Marked not the same person</translation>
    </message>
    <message>
        <location filename="../../desktop/audit_viewer.py" line="124"/>
        <source>修改查重规则</source>
        <translation>Duplicate rule changed</translation>
    </message>
</context>
<context>
    <name>desk_card</name>
    <message>
        <location filename="../../desktop/desk/card.py" line="59"/>
        <location filename="../../desktop/desk/card.py" line="145"/>
        <source>就业帮扶服务卡</source>
        <extracomment>ID-1 card size (as a bank card), in millimetres.
----------
How small a line of the card may shrink to fit (a share of its size) before it is cut with an ellipsis: a long name (阿卜杜热合曼·买买提) or site name must not run off the card.</extracomment>
        <translation>Employment Service Card</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/card.py" line="65"/>
        <source>服务码</source>
        <translation>Service code</translation>
    </message>
</context>
<context>
    <name>desk_main</name>
    <message>
        <location filename="../../desktop/desk/__main__.py" line="49"/>
        <source>安置点就业服务站</source>
        <translation>Relocation-site employment desk</translation>
    </message>
</context>
<context>
    <name>desk_models</name>
    <message>
        <location filename="../../desktop/desk/models.py" line="24"/>
        <source>县内</source>
        <translation>Within county</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="25"/>
        <source>省内县外</source>
        <translation>Province, other county</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="26"/>
        <source>省外</source>
        <translation>Other province</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="27"/>
        <source>国外</source>
        <translation>Abroad</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="38"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="39"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="40"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="41"/>
        <source>户（户编号 · 户主）</source>
        <translation>Household (number · head)</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="67"/>
        <source>人</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="68"/>
        <source>户</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="77"/>
        <source>匹配</source>
        <translation>Match</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="78"/>
        <source>用工单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="79"/>
        <source>岗位</source>
        <translation>Job</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="80"/>
        <source>月薪（元）</source>
        <translation>Monthly wage (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="81"/>
        <source>工作地域</source>
        <translation>Work place</translation>
    </message>
    <message>
        <location filename="../../desktop/desk/models.py" line="82"/>
        <source>招聘人数</source>
        <translation>Openings</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../desktop/errors.py" line="29"/>
        <source>操作失败，请重试。如仍失败，请联系县人社局。</source>
        <translation>The operation failed. Try again; if it keeps failing, contact the county HRSS bureau.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="44"/>
        <source>无法连接县服务器。数据已安全保存在本机，联网后再同步即可。</source>
        <translation>Cannot reach the county server. Your data is safe on this laptop; sync again when online.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="45"/>
        <source>本设备的同步授权已失效，请联系县人社局重新注册设备。</source>
        <translation>This device&apos;s sync authorisation is no longer valid; ask the county HRSS bureau to enrol it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="46"/>
        <source>有记录不属于本设备负责的范围，服务器拒收。请联系县人社局。</source>
        <translation>Some records are outside this device&apos;s area and were refused. Contact the county HRSS bureau.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="47"/>
        <source>县服务器暂时出错，请稍后再同步。数据已安全保存在本机。</source>
        <translation>The county server had an error; sync again later. Your data is safe on this laptop.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="48"/>
        <source>服务器拒收了这批数据，本机数据未丢失。请联系县人社局。</source>
        <translation>The server refused this batch; nothing was lost on this laptop. Contact the county HRSS bureau.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="49"/>
        <source>无法验证县服务器的证书，未发送任何数据。请确认服务器地址，并选择县人社局提供的根证书。</source>
        <translation>The county server&apos;s certificate could not be verified; nothing was sent. Check the server address and choose the CA certificate from the county HRSS bureau.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="50"/>
        <source>须以 https:// 开头，例如 https://jyfw.example.cn:8443；不加密的 http:// 只能连本机。</source>
        <translation>must start with https://, e.g. https://jyfw.example.cn:8443; unencrypted http:// is allowed only to this computer.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="51"/>
        <source>文件无法读取，或不是证书。请选择县人社局提供的 .pem 或 .crt 文件。</source>
        <translation>the file cannot be read or is not a certificate. Choose the .pem or .crt file from the county HRSS bureau.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="52"/>
        <source>注册码无效或已被使用。请向县人社局索取新的注册码。</source>
        <translation>the enrolment code is unknown or already used. Ask the county HRSS bureau for a new one.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="53"/>
        <source>本机已在该县服务器注册过。如需重新注册，请联系县人社局。</source>
        <translation>this laptop is already enrolled with that county server. To enrol it again, contact the county HRSS bureau.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="54"/>
        <source>注册码的辖区不包含本机档案的辖区，注册码未被使用。请向县人社局索取本辖区的注册码。</source>
        <translation>the code&apos;s area does not cover this profile&apos;s area; the code was not used. Ask the county HRSS bureau for a code for this area.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="76"/>
        <source>出错了</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>forms</name>
    <message>
        <location filename="../../desktop/forms/dialog.py" line="49"/>
        <source>新建表单</source>
        <translation>New form</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/catalog.py" line="27"/>
        <source>月度就业跟踪</source>
        <translation>Monthly employment follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/catalog.py" line="28"/>
        <source>离校未就业高校毕业生跟踪服务</source>
        <translation>Follow-up of unemployed college graduates</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/catalog.py" line="29"/>
        <source>农户信息登记</source>
        <translation>Household registration</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/catalog.py" line="30"/>
        <source>岗位信息发布</source>
        <translation>Job posting</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/catalog.py" line="31"/>
        <source>劳动力信息登记</source>
        <translation>Labour force registration</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/catalog.py" line="32"/>
        <source>公益性岗位上岗与退出</source>
        <translation>Public welfare posts: start and exit</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/catalog.py" line="33"/>
        <source>安置点就业服务记录</source>
        <translation>Relocation-site employment service</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/catalog.py" line="34"/>
        <source>培训报名</source>
        <translation>Training enrolment</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/editors.py" line="155"/>
        <source>年月日，如 19811216</source>
        <extracomment>The widest a row of radio buttons or check boxes may be (a 900-pixel form window, its labels beside them): longer labels (English ones) take fewer columns.</extracomment>
        <translation>Year month day, e.g. 19811216</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/editors.py" line="158"/>
        <source>日历</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/editors.py" line="321"/>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/editors.py" line="340"/>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/rows.py" line="166"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/rows.py" line="190"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../desktop/forms/rows.py" line="192"/>
        <source>删除这一项</source>
        <translation>Remove this entry</translation>
    </message>
</context>
<context>
    <name>household</name>
    <message>
        <location filename="../../desktop/household_page.py" line="145"/>
        <location filename="../../desktop/household_page.py" line="189"/>
        <location filename="../../desktop/household_page.py" line="231"/>
        <source>姓名</source>
        <extracomment>the household whose alerts are shown
----------
set by the workspace</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="146"/>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="147"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="148"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="149"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="150"/>
        <source>劳动技能</source>
        <translation>Labour class</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="151"/>
        <source>务工状态</source>
        <translation>Work status</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="153"/>
        <source>上次走访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="156"/>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="157"/>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="158"/>
        <location filename="../../desktop/household_page.py" line="170"/>
        <source>务工地</source>
        <translation>Work place</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="161"/>
        <source>单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="162"/>
        <location filename="../../desktop/household_page.py" line="171"/>
        <source>月收入</source>
        <translation>Monthly income</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="166"/>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="167"/>
        <source>就业状况</source>
        <translation>Employment status</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="159"/>
        <location filename="../../desktop/household_page.py" line="169"/>
        <source>就业渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="164"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="172"/>
        <source>需求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="174"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="175"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="176"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="179"/>
        <location filename="../../desktop/household_page.py" line="190"/>
        <location filename="../../desktop/household_page.py" line="280"/>
        <source>补贴</source>
        <translation>Subsidies</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="180"/>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="181"/>
        <location filename="../../desktop/household_page.py" line="193"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="182"/>
        <location filename="../../desktop/household_page.py" line="194"/>
        <source>未明确</source>
        <translation>not stated</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="183"/>
        <source>发放日期</source>
        <translation>Granted on</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="185"/>
        <location filename="../../desktop/household_page.py" line="281"/>
        <source>预警</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="186"/>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="187"/>
        <location filename="../../desktop/household_page.py" line="197"/>
        <source>依据</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="192"/>
        <source>可申请</source>
        <translation>May claim</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="195"/>
        <source>原因</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="468"/>
        <source>走访时服务</source>
        <translation>Service at a follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="481"/>
        <source>走访 %1 次</source>
        <translation>%1 follow-up(s)</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="503"/>
        <source>待核实</source>
        <translation>To be checked</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="504"/>
        <source>可以</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="505"/>
        <source>不可以</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="277"/>
        <location filename="../../desktop/household_page.py" line="480"/>
        <source>务工记录</source>
        <translation>Work spells</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="278"/>
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="279"/>
        <source>服务与培训</source>
        <translation>Services and training</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="466"/>
        <source>就业服务</source>
        <translation>Employment service</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="466"/>
        <source>培训</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../desktop/household_page.py" line="467"/>
        <source>公益性岗位</source>
        <translation>Public welfare post</translation>
    </message>
</context>
<context>
    <name>models</name>
    <message>
        <location filename="../../desktop/models.py" line="115"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="61"/>
        <location filename="../../desktop/models.py" line="134"/>
        <location filename="../../desktop/models.py" line="222"/>
        <location filename="../../desktop/worklist_page.py" line="83"/>
        <source>户编号</source>
        <extracomment>Asks for one page of households: (offset, order, descending); the answer comes later.</extracomment>
        <translation>Household no.</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="135"/>
        <location filename="../../desktop/worklist_page.py" line="82"/>
        <source>户主</source>
        <translation>Head of household</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="136"/>
        <source>人数</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="137"/>
        <source>户类型</source>
        <translation>Household type</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="138"/>
        <source>易地搬迁</source>
        <translation>Relocated</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="139"/>
        <source>监测对象</source>
        <translation>Monitored</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="214"/>
        <location filename="../../desktop/worklist_page.py" line="81"/>
        <source>姓名</source>
        <extracomment>The SQL order of each column (registry.views.HOUSEHOLD_ORDERS).</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="215"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="216"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="217"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="218"/>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="219"/>
        <location filename="../../desktop/worklist_page.py" line="85"/>
        <source>劳动技能</source>
        <translation>Labour class</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="220"/>
        <location filename="../../desktop/worklist_page.py" line="86"/>
        <source>务工状态</source>
        <translation>Work status</translation>
    </message>
    <message>
        <location filename="../../desktop/models.py" line="221"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="59"/>
        <source>表单</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="60"/>
        <source>填写对象</source>
        <translation>For</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="62"/>
        <source>最后保存</source>
        <translation>Last saved</translation>
    </message>
    <message>
        <location filename="../../desktop/drafts.py" line="63"/>
        <source>已填写项数</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="80"/>
        <source>状态</source>
        <extracomment>(text, background) of each state&apos;s tag: words first, colour only beside them. The 本月走访 bar: a grey track with a green fill and the share inside, so that a month barely begun reads as progress, not as an empty input box (Fusion&apos;s white frame did).</extracomment>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="84"/>
        <source>村民小组</source>
        <translation>Village group</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="87"/>
        <source>上次走访</source>
        <translation>Last visit</translation>
    </message>
</context>
<context>
    <name>places</name>
    <message>
        <location filename="../../desktop/places.py" line="34"/>
        <source>%1未命名村</source>
        <extracomment>A village code without a name, under a named township (&quot;思口镇未命名村&quot;), and alone.</extracomment>
        <translation>%1 unnamed village</translation>
    </message>
    <message>
        <location filename="../../desktop/places.py" line="35"/>
        <source>未命名村</source>
        <translation>Unnamed village</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../desktop/sync_ui.py" line="196"/>
        <source>同步已取消：已上传 %1 条记录，下载 %2 项修改；未完成的部分下次继续</source>
        <translation>Sync cancelled: %1 records sent, %2 changes received; the rest continues at the next sync</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="199"/>
        <source>同步完成：上传 %1 条记录，下载 %2 项修改，冲突 %3 条，待核查 %4 条</source>
        <translation>Sync done: sent %1 records, received %2 changes, conflicts %3, to check %4</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="206"/>
        <source>；县服务器与本机不一致（可能从备份恢复），本机修改已全部重新上传（%n 条记录）</source>
        <translation>; the county server differed from this laptop (restored from a backup?): every change made here was sent again (records: %n)</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui.py" line="210"/>
        <source>；已按县服务器数据重建本机记录</source>
        <translation>; this laptop&apos;s records were rebuilt from the county server&apos;s</translation>
    </message>
</context>
<context>
    <name>text</name>
    <message>
        <location filename="../../desktop/text.py" line="46"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/text.py" line="51"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../desktop/text.py" line="56"/>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>worklist</name>
    <message>
        <location filename="../../desktop/worklist_page.py" line="51"/>
        <source>已走访</source>
        <translation>Visited</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="52"/>
        <source>待走访</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="53"/>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="54"/>
        <source>不需走访</source>
        <translation>Not required</translation>
    </message>
    <message>
        <location filename="../../desktop/worklist_page.py" line="221"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
</context>
<context>
    <name>workspace</name>
    <message>
        <location filename="../../desktop/form_for.py" line="70"/>
        <source>%1（户主 %2）</source>
        <extracomment>The question of a form about a person that holds whom it is for (hidden, set by the app). The hidden question the app fills with the site a relocation-site desk serves (服务记录 asks for the site, and requires it, only there; a village has none).</extracomment>
        <translation>%1 (head %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/form_for.py" line="91"/>
        <source>“%1”要为某一个人填写：请先在列表中（如本月走访、农户）选中此人，再从“新建表单”打开。</source>
        <translation>“%1” is filled in for one person: select the person in a list first (This month&apos;s visits, Households), then open it from New form.</translation>
    </message>
    <message>
        <location filename="../../desktop/form_for.py" line="191"/>
        <source>为 %1 填写</source>
        <translation>For %1</translation>
    </message>
    <message>
        <location filename="../../desktop/form_for.py" line="194"/>
        <source>继续填写 %1 保存的未提交草稿</source>
        <translation>Continuing the unsubmitted draft saved on %1</translation>
    </message>
    <message>
        <location filename="../../desktop/form_for.py" line="195"/>
        <source>为 %1 填写（继续 %2 保存的未提交草稿）</source>
        <translation>For %1 (continuing the unsubmitted draft saved on %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/form_for.py" line="205"/>
        <source>已保存：%1（%2）</source>
        <translation>Saved: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/form_for.py" line="206"/>
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/form_for.py" line="213"/>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../desktop/form_for.py" line="224"/>
        <source>新建表单</source>
        <translation>New form</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="72"/>
        <source>本月走访</source>
        <translation>This month&apos;s visits</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="74"/>
        <source>服务台</source>
        <translation>Service desk</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="76"/>
        <source>农户</source>
        <translation>Households</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="79"/>
        <source>概览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="81"/>
        <source>预警</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="110"/>
        <source>冲突</source>
        <extracomment>The alerts page with its count in the navigation (&quot;预警 12&quot;): counted after each write, which costs a village (2k people) about 0.1 s; larger scopes show the count of their dashboard&apos;s last alert run instead (``DASHBOARD_ALERTS``), the site none. The alerts page of a township or county, with the dashboard&apos;s last count in the navigation.</extracomment>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="114"/>
        <source>设备</source>
        <extracomment>The county&apos;s enrolled laptops, longest silent first (desktop/county/devices.py).</extracomment>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="117"/>
        <source>补贴名单</source>
        <translation>Subsidy lists</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="119"/>
        <source>政策</source>
        <translation>Policy</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="122"/>
        <source>台账</source>
        <translation>Ledgers</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="125"/>
        <source>重复人员</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="138"/>
        <source>村级工作台</source>
        <extracomment>The pages of each role, in navigation order; the first one opens.</extracomment>
        <translation>Village workspace</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="139"/>
        <source>安置点服务站</source>
        <translation>Relocation-site desk</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="140"/>
        <source>乡镇工作台</source>
        <translation>Township workspace</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace.py" line="141"/>
        <source>县级工作台</source>
        <translation>County workspace</translation>
    </message>
</context>
</TS>
