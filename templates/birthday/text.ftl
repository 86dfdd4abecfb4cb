<#assign early = (occasion.daysUntil!0) gt 0>
<#assign age = occasion.years!0>
<#assign clientYears = contact.isClient?then(contact.yearsAsClient!0, 0)>
Hi ${contact.firstName!"there"},

<#if early>
Your birthday is<#if occasion.dateText??> on ${occasion.dateText}<#else> coming up</#if>, and I didn't want it to slip by without a note. I hope the day brings good company, a little time for yourself, and at least one thing that makes you properly happy.
<#else>
Happy birthday. I hope today brings good company, a little time for yourself, and at least one thing that makes you properly happy.
</#if>

<#if age gt 0>
Here's to ${age?c} years, and to the one just beginning.<#if clientYears gt 0 && clientYears lt age> We're glad to have been part of the last <#if clientYears == 1>one<#else>${clientYears?c}</#if>.</#if>

<#elseif clientYears gt 0>
We're glad to have shared the last <#if clientYears == 1>year<#else>${clientYears?c} years</#if> with you.

</#if>
Thank you for being one of the people who make ${partner.name} worth doing. There's no need to reply; this is simply to say we're thinking of you.

Warm wishes,
${partner.senderName}

Unsubscribe: ${unsubscribeUrl}
