package org.certhub.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.certhub.holder.HolderContact;
import org.certhub.holder.HolderNotifier;

/**
 * The shared hub's way to holders ({@link SharedHub}): keeps each message instead of sending it, for tests to read the
 * one-time codes and reminders their holders were sent.
 */
public final class HolderMessages implements HolderNotifier {

    /** A message and where it went. */
    public record Message(HolderContact contact, String text) {}

    private final List<Message> messages = new CopyOnWriteArrayList<>();

    @Override
    public void send(HolderContact contact, String message) {
        messages.add(new Message(contact, message));
    }

    /** The messages sent to the address (a mobile number or an e-mail address), oldest first. */
    public List<String> to(String address) {
        return messages.stream()
                .filter(m -> m.contact().address().equals(address))
                .map(Message::text)
                .toList();
    }
}
