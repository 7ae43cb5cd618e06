package dev.tokenkeeper.embed.boundary;

/** Entra ID and Power BI name everything by GUID; checking the form early turns a typo into a 400, not a 404 from Microsoft later. */
final class Guids {

    static final String PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String MESSAGE = "must be a GUID such as 0b5a1d6c-1f2e-4c3d-9a8b-7c6d5e4f3a2b";

    private Guids() {
    }
}
