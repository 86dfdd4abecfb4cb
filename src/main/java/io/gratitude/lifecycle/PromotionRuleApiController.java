package io.gratitude.lifecycle;

import java.math.BigDecimal;
import java.time.Clock;

import io.gratitude.partner.ApiCaller;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The partner's relationship lifecycle rules over the API: when a customer becomes a
 * client on its own (purchase count, lifetime spend in a currency, tenure since the first
 * purchase), and after how many days without a sale a client is at risk.
 */
@RestController
class PromotionRuleApiController {

	private final LifecycleRules rules;

	private final Clock clock;

	PromotionRuleApiController(LifecycleRules rules, Clock clock) {
		this.rules = rules;
		this.clock = clock;
	}

	/** The rules as a PUT takes them; an absent (null) rule is not used. */
	record RulesBody(@Nullable Integer minPurchases, @Nullable BigDecimal minSpend, @Nullable String spendCurrency,
			@Nullable Integer minTenureMonths, @Nullable Integer atRiskDays) {
	}

	@GetMapping("/api/v1/promotion-rules")
	PromotionRules get(ApiCaller caller) {
		return this.rules.find(caller.partnerId());
	}

	/** Replaces the rules; {@code atRiskDays} absent keeps 180 (0 turns at-risk off). */
	@PutMapping("/api/v1/promotion-rules")
	PromotionRules put(ApiCaller caller, @RequestBody RulesBody body) {
		PromotionRules rules = new PromotionRules(body.minPurchases(), body.minSpend(), body.spendCurrency(),
				body.minTenureMonths(),
				(body.atRiskDays() != null) ? body.atRiskDays() : PromotionRules.DEFAULT.atRiskDays());
		this.rules.save(caller.partnerId(), rules, this.clock.instant());
		return this.rules.find(caller.partnerId());
	}

}
