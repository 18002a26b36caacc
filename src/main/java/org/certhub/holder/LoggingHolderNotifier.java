package org.certhub.holder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's way to holders: writes each message to the log (logger {@code org.certhub.holder.LoggingHolderNotifier})
 * instead of sending it, the address masked; whoever reads the log reads the codes, so production mode refuses it
 * while one-time codes are on.
 */
class LoggingHolderNotifier implements HolderNotifier {

    private static final Logger log = LoggerFactory.getLogger(LoggingHolderNotifier.class);

    @Override
    public void send(HolderContact contact, String message) {
        log.info("Message to holder {} ({}), not sent (demo): {}", contact.masked(), contact.channel(), message);
    }
}
