<#assign years = occasion.years!(contact.yearsAsClient!0)>
<#if years == 1>
<#assign span = "un an">
<#elseif years gt 1>
<#assign span = years?c + " ans">
<#else>
<#assign span = "une année de plus">
</#if>
<#if (occasion.daysUntil!0) gt 0 && occasion.dateText??>
<#assign opening = "Le " + occasion.dateText + ", cela fera " + span + " que vous êtes client·e de " + partner.name + ".">
<#else>
<#assign opening = "Cela fait aujourd'hui " + span + " que vous êtes client·e de " + partner.name + ".">
</#if>
<#if years gt 1>
<#assign reflection = "C'est long, de continuer à choisir les mêmes personnes, et je ne le prends jamais pour acquis.">
<#elseif years == 1>
<#assign reflection = "Il y a un an, vous faisiez à peine notre connaissance ; j'espère qu'aujourd'hui, nous vous connaissons un peu nous aussi.">
<#else>
<#assign reflection = "Je ne le prends jamais pour acquis.">
</#if>
Bonjour<#if contact.firstName??> ${contact.firstName}</#if>,

${opening} ${reflection}

Merci pour chaque commande, chaque échange, et chaque marque de patience les jours où nous n'avons pas tout à fait été à la hauteur. Ce sont des personnes comme vous qui font le meilleur de ${partner.name}.

Si nous pouvons faire quoi que ce soit pour vous, répondez simplement à cet e-mail : il m'arrive directement.

Avec toute ma reconnaissance,
${partner.senderName}

Se désabonner : ${unsubscribeUrl}
