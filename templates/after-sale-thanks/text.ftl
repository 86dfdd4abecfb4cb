Hi ${contact.firstName!"there"},

<#if sale.description??>
Thank you for choosing us for ${sale.description}. I hope it's everything you wanted.
<#else>
Thank you for your order. I hope it's everything you wanted.
</#if>

<#if contact.isClient && (contact.yearsAsClient!0) gte 1>
You've been a client of ours for <#if contact.yearsAsClient == 1>a year<#else>${contact.yearsAsClient?c} years</#if> now, and I don't take that for granted. Thank you for continuing to trust ${partner.name}.
<#elseif contact.isClient || (purchases.count!0) gt 1>
It's always good to see a familiar name come back, and it doesn't go unnoticed here.
<#else>
It was your first order with ${partner.name}, and it means a lot that you gave us a try.
</#if>

If anything wasn't quite right, just reply to this email. It comes straight to me, and I'll sort it out.

For your records: <#if sale.ref??>order ${sale.ref}<#else>your order</#if><#if sale.dateText??> of ${sale.dateText}</#if><#if sale.amountText??>, ${sale.amountText}</#if>.

With thanks,
${partner.senderName}

Unsubscribe: ${unsubscribeUrl}
