<#assign clientYears = contact.yearsAsClient!0>
<#if clientYears == 1>
<#assign tenure = "You've been a client of ours for a year now, and ">
<#elseif clientYears gt 1>
<#assign tenure = "You've been a client of ours for " + clientYears?c + " years now, and ">
<#else>
<#assign tenure = "">
</#if>
Hi ${contact.firstName!"there"},

There's no special occasion today; I just wanted to check in. How are you doing, and are we still getting things right for you?

${tenure}I'd much rather hear from you directly than guess. If there's something you need, something we could do better, or something you'd like us to know, just reply to this email. It comes straight to me, and I read every one.

Thank you for sticking with ${partner.name}.

Warmly,
${partner.senderName}

Unsubscribe: ${unsubscribeUrl}
