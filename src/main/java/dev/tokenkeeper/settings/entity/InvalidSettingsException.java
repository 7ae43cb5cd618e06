package dev.tokenkeeper.settings.entity;

import dev.tokenkeeper.platform.entity.InvalidInputException;
import java.util.Map;

/**
 * Settings refused as a whole, with one message per bad field ({@code capacity.autoPauseMinutes},
 * {@code capacity.windows[0].zone}). An {@link InvalidInputException}, so the API answers it as every
 * other 400 with field messages. Nothing was stored.
 */
public class InvalidSettingsException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingsException(Map<String, String> fields) {
        super(fields);
    }
}
