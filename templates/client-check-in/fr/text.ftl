<#assign clientYears = contact.yearsAsClient!0>
<#if clientYears == 1>
<#assign tenure = "Cela fait maintenant un an que vous êtes client·e chez nous, et ">
<#elseif clientYears gt 1>
<#assign tenure = "Cela fait maintenant " + clientYears?c + " ans que vous êtes client·e chez nous, et ">
<#else>
<#assign tenure = "">
</#if>
Bonjour<#if contact.firstName??> ${contact.firstName}</#if>,

Pas d'occasion particulière aujourd'hui : je voulais simplement prendre de vos nouvelles. Comment allez-vous, et est-ce que nous répondons toujours bien à vos attentes ?

${tenure}<#if tenure?has_content>je<#else>Je</#if> préfère de loin vous entendre directement plutôt que deviner. Si vous avez besoin de quelque chose, si nous pouvons mieux faire, ou si vous souhaitez simplement nous dire quelque chose, répondez à cet e-mail : il m'arrive directement, et je les lis tous.

Merci de rester fidèle à ${partner.name}.

Chaleureusement,
${partner.senderName}

Se désabonner : ${unsubscribeUrl}
