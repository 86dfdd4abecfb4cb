<#assign count = purchases.count!0>
<#if count gt 1>
<#assign opening = "You've chosen " + partner.name + " " + count?c + " times now, and I wanted to write to you personally to say thank you.">
<#else>
<#assign opening = "I wanted to write to you personally to thank you for the trust you've shown " + partner.name + ".">
</#if>
Hi ${contact.firstName!"there"},

${opening}

From today we count you as one of our clients. In practice that means we'll get to know you a little better: we'll remember the dates that matter to you, I'll check in now and then, and whenever you need something, you can reply to any of our emails and it will reach me directly.

Thank you for trusting us. We'll do our best to deserve it.

Warmly,
${partner.senderName}

Unsubscribe: ${unsubscribeUrl}
