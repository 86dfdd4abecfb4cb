package io.gratitude.staff;

import io.gratitude.partner.Partner;

/**
 * The partner a console page is about ({@code /console/partners/{partnerId}/...}),
 * checked against the signed-in user before the controller runs: a user who may not see
 * it gets 404, as if it did not exist. Declare it as a controller method parameter and
 * scope every query with {@link #id()}.
 */
public record ConsolePartner(Partner partner, StaffPrincipal staff) {

	public long id() {
		return this.partner.id();
	}

	/** Whether the user may manage this partner's staff, keys and settings. */
	public boolean manageable() {
		return this.staff.canManage(id());
	}

}
