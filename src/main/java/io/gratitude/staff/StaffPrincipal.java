package io.gratitude.staff;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A signed-in console user, as kept in the session (serializable: sessions live in the
 * database). Declare it with {@code @AuthenticationPrincipal} or reach it through
 * {@link ConsolePartner#staff()}.
 */
public final class StaffPrincipal implements UserDetails, CredentialsContainer, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final long id;

	private final @Nullable Long partnerId;

	private final String email;

	private final String displayName;

	private final StaffRole role;

	private @Nullable String passwordHash;

	private final boolean enabled;

	StaffPrincipal(long id, @Nullable Long partnerId, String email, String displayName, StaffRole role,
			@Nullable String passwordHash, boolean enabled) {
		this.id = id;
		this.partnerId = partnerId;
		this.email = email;
		this.displayName = displayName;
		this.role = role;
		this.passwordHash = passwordHash;
		this.enabled = enabled;
	}

	public long id() {
		return this.id;
	}

	/** The user's partner; {@code null} for an admin, who sees every partner. */
	public @Nullable Long partnerId() {
		return this.partnerId;
	}

	public String email() {
		return this.email;
	}

	public String displayName() {
		return this.displayName;
	}

	public StaffRole role() {
		return this.role;
	}

	public boolean isAdmin() {
		return this.role == StaffRole.ADMIN;
	}

	/** Whether this user may see the partner's console. */
	public boolean canSee(long partner) {
		return isAdmin() || (this.partnerId != null && this.partnerId == partner);
	}

	/** Whether this user may manage the partner's staff, API keys and settings. */
	public boolean canManage(long partner) {
		return isAdmin() || (this.role == StaffRole.PARTNER_ADMIN && canSee(partner));
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of(new SimpleGrantedAuthority("ROLE_" + this.role.name()));
	}

	@Override
	public @Nullable String getPassword() {
		return this.passwordHash;
	}

	@Override
	public String getUsername() {
		return this.email;
	}

	@Override
	public boolean isEnabled() {
		return this.enabled;
	}

	@Override
	public void eraseCredentials() {
		this.passwordHash = null;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof StaffPrincipal that && this.id == that.id;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.id);
	}

	@Override
	public String toString() {
		return "StaffPrincipal[id=" + this.id + ", role=" + this.role + ", partner=" + this.partnerId + "]";
	}

}
