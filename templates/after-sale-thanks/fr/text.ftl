Bonjour<#if contact.firstName??> ${contact.firstName}</#if>,

<#if sale.description??>
Merci de nous avoir choisis pour ${sale.description}. J'espère que vous en êtes pleinement satisfait·e.
<#else>
Merci pour votre commande. J'espère que vous en êtes pleinement satisfait·e.
</#if>

<#if contact.isClient && (contact.yearsAsClient!0) gte 1>
Cela fait maintenant <#if contact.yearsAsClient == 1>un an<#else>${contact.yearsAsClient?c} ans</#if> que vous êtes client·e chez nous, et je ne le prends jamais pour acquis. Merci de continuer à faire confiance à ${partner.name}.
<#elseif contact.isClient || (purchases.count!0) gt 1>
C'est toujours un plaisir de voir revenir un visage familier, et cela ne passe pas inaperçu ici.
<#else>
C'était votre première commande chez ${partner.name}, et cela compte beaucoup pour nous que vous nous ayez fait confiance.
</#if>

Si quelque chose n'allait pas tout à fait, répondez simplement à cet e-mail : il m'arrive directement, et je m'en occupe.

Pour mémoire : <#if sale.ref??>commande ${sale.ref}<#else>votre commande</#if><#if sale.dateText??> du ${sale.dateText}</#if><#if sale.amountText??>, ${sale.amountText}</#if>.

Avec toute ma gratitude,
${partner.senderName}

Se désabonner : ${unsubscribeUrl}
