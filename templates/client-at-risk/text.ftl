<#if contact.lastPurchase??>
<#assign since = "It's been a while since your last visit (" + contact.lastPurchase.dateText + "), and ">
<#else>
<#assign since = "It's been a while since we last saw you, and ">
</#if>
Hi ${contact.firstName!"there"},

${since}I wanted to write to you personally rather than let the time slip by.

<#if contact.tenureText??>You've been with us for ${contact.tenureText}, and that means a lot to us. </#if>If anything about your last experience wasn't right, or if your needs have changed, I'd really like to know. Just reply to this email: it comes straight to me.

And if life has simply been busy, no worries at all. We'll be glad to see you whenever suits you.

Warmly,
${partner.senderName}

Unsubscribe: ${unsubscribeUrl}
