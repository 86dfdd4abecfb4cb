<#assign items = upcoming![]>
<#assign n = items?size>
<#assign allClients = true>
<#list items as u>
<#if !(u.contact.isClient!false)><#assign allClients = false></#if>
</#list>
<#if allClients>
<#assign who = (n == 1)?then("client", "clients")>
<#else>
<#assign who = (n == 1)?then("person", "people")>
</#if>
<#if !days??>
<#assign period = "soon">
<#elseif days == 7>
<#assign period = "this week">
<#elseif days == 1>
<#assign period = "today or tomorrow">
<#else>
<#assign period = "in the next " + days?c + " days">
</#if>
Hello,

<#if n == 0>
Nothing is coming up at ${partner.name} ${period}: no birthdays, anniversaries or other dates to mark.

A quiet spell is a good moment to call a client you haven't heard from in a while. They'll be glad you thought of them.
<#else>
Here's who has a date worth marking at ${partner.name} ${period}. An email may already be on its way; a call or a few words from someone they know is what people remember.

<#list items as u>
  <#assign years = u.years!0>
  <#if u.kind == "BIRTHDAY">
  <#assign what = "birthday" + (years gt 0)?then(", turning " + years?c, "")>
  <#elseif u.kind == "CLIENT_ANNIVERSARY">
  <#assign what = (years == 1)?then("1 year as a client", (years gt 1)?then(years?c + " years as a client", "client anniversary"))>
  <#else>
  <#assign what = (u.label!(u.kind?lower_case?replace("_", " ")))?cap_first + (years == 1)?then(", 1 year", (years gt 1)?then(", " + years?c + " years", ""))>
  </#if>
  <#if u.kind != "CLIENT_ANNIVERSARY" && (u.contact.isClient!false) && (u.contact.yearsAsClient!0) gt 0>
  <#assign what = what + " (client for " + (u.contact.yearsAsClient == 1)?then("a year", u.contact.yearsAsClient?c + " years") + ")">
  </#if>
  <#assign daysUntil = u.daysUntil!0>
  <#if daysUntil lte 0>
  <#assign when = "Today">
  <#elseif daysUntil == 1>
  <#assign when = "Tomorrow">
  <#else>
  <#assign when = "In " + daysUntil?c + " days">
  <#if u.dateText??><#assign when = when + ", " + u.dateText></#if>
  </#if>
  <#if u.suggestion??>
  <#assign when = when + ". Suggested: " + u.suggestion>
  </#if>
- ${u.contact.fullName}<#if u.contact.email?? && u.contact.email != u.contact.fullName> <${u.contact.email}></#if>: ${what}
  ${when}.

</#list>
Small gestures like these are how customers become clients. Thank you for taking the time.
</#if>

Gratitude, for the ${partner.name} team
