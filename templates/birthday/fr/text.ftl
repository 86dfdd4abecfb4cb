<#assign early = (occasion.daysUntil!0) gt 0>
<#assign age = occasion.years!0>
<#assign clientYears = contact.isClient?then(contact.yearsAsClient!0, 0)>
Bonjour<#if contact.firstName??> ${contact.firstName}</#if>,

<#if early>
Votre anniversaire approche<#if occasion.dateText??> (le ${occasion.dateText})</#if>, et je ne voulais pas le laisser passer sans un petit mot. J'espère que cette journée vous apportera de bonnes personnes autour de vous, un moment rien que pour vous, et au moins une chose qui vous rende vraiment heureux·se.
<#else>
Joyeux anniversaire ! J'espère que cette journée vous apportera de bonnes personnes autour de vous, un moment rien que pour vous, et au moins une chose qui vous rende vraiment heureux·se.
</#if>

<#if age gt 0>
À vos ${age?c} ans, et à l'année qui commence.<#if clientYears gt 0 && clientYears lt age> Nous sommes heureux d'avoir fait partie <#if clientYears == 1>de la dernière<#else>des ${clientYears?c} dernières</#if>.</#if>

<#elseif clientYears gt 0>
Nous sommes heureux d'avoir partagé <#if clientYears == 1>cette dernière année<#else>ces ${clientYears?c} dernières années</#if> avec vous.

</#if>
Merci d'être l'une des personnes qui donnent tout son sens à ${partner.name}. Nul besoin de répondre : c'est simplement pour vous dire que nous pensons à vous.

Bien chaleureusement,
${partner.senderName}

Se désabonner : ${unsubscribeUrl}
