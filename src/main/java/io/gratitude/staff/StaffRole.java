package io.gratitude.staff;

/**
 * What a console user may do. An {@link #ADMIN} operates Gratitude and sees every
 * partner; a {@link #PARTNER_ADMIN} manages one partner (its staff, API keys and
 * settings) besides everything staff do; {@link #STAFF} edit templates and programs and
 * look after contacts.
 */
public enum StaffRole {

	ADMIN("Administrator"), PARTNER_ADMIN("Partner admin"), STAFF("Staff");

	private final String label;

	StaffRole(String label) {
		this.label = label;
	}

	/** How the console names the role. */
	public String label() {
		return this.label;
	}

}
