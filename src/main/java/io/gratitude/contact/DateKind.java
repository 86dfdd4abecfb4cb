package io.gratitude.contact;

/** The kinds of significant dates a contact can have. */
public enum DateKind {

	BIRTHDAY, CLIENT_ANNIVERSARY, CUSTOM

}
