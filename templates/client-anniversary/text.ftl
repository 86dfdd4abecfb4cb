<#assign years = occasion.years!(contact.yearsAsClient!0)>
<#if years == 1>
<#assign span = "one year">
<#elseif years gt 1>
<#assign span = years?c + " years">
<#else>
<#assign span = "another year">
</#if>
<#if (occasion.daysUntil!0) gt 0 && occasion.dateText??>
<#assign opening = "On " + occasion.dateText + " it will be " + span + " since you became a client of " + partner.name + ".">
<#else>
<#assign opening = "Today marks " + span + " since you became a client of " + partner.name + ".">
</#if>
<#if years gt 1>
<#assign reflection = "That's a long time to keep choosing the same people, and I don't take it for granted.">
<#elseif years == 1>
<#assign reflection = "A year ago you were still getting to know us; I hope by now it feels like we know you a little too.">
<#else>
<#assign reflection = "I don't take that for granted.">
</#if>
Hi ${contact.firstName!"there"},

${opening} ${reflection}

Thank you for every order, every conversation, and every bit of patience on the days we didn't get things quite right. People like you are the best part of running ${partner.name}.

If there's ever anything we can do for you, just reply to this email. It comes straight to me.

With gratitude,
${partner.senderName}

Unsubscribe: ${unsubscribeUrl}
