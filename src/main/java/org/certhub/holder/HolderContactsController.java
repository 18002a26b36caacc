package org.certhub.holder;

import java.net.URI;
import org.certhub.codes.CitizenIdNumber;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The holders' contacts, set by an administrator or the registration system (role ADMIN): {@code PUT} with the ID
 * number and a mobile number or an e-mail address sets the holder's contact, with neither removes it. The ID number
 * travels in the body, never in the URL (URLs end up in access logs); the answer masks both.
 */
@RestController
class HolderContactsController {

    private static final String PROBLEMS = "https://certhub.org/problems/";

    private final HolderContacts contacts;

    HolderContactsController(HolderContacts contacts) {
        this.contacts = contacts;
    }

    /** A holder's contact: a mobile number or an e-mail address, or neither to remove it. */
    record ContactRequest(String idNumber, String mobile, String email) {}

    /** What is on record now, masked; {@code contact} is null when nothing is. */
    record ContactAnswer(String idNumber, String channel, String contact) {}

    @PutMapping("/api/v1/holder-contacts")
    ContactAnswer set(@RequestBody ContactRequest request) {
        String idNumber = SignInForm.idNumber(request.idNumber());
        if (!CitizenIdNumber.hasValidShape(idNumber)
                || CitizenIdNumber.checkCharacter(idNumber.substring(0, 17)) != idNumber.charAt(17)) {
            throw new IllegalArgumentException("idNumber 不是有效的公民身份号码 (not a valid citizen ID number)");
        }
        boolean mobile = request.mobile() != null && !request.mobile().isBlank();
        boolean email = request.email() != null && !request.email().isBlank();
        if (mobile && email) {
            throw new IllegalArgumentException("请只填手机号码或电子邮件地址之一 (give mobile or email, not both)");
        }
        if (!mobile && !email) {
            contacts.remove(idNumber);
            return new ContactAnswer(CitizenIdNumber.mask(idNumber), null, null);
        }
        HolderContact contact = mobile ? HolderContact.mobile(request.mobile()) : HolderContact.email(request.email());
        contacts.set(idNumber, contact);
        return new ContactAnswer(
                CitizenIdNumber.mask(idNumber), contact.channel().name(), contact.masked());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create(PROBLEMS + "bad-holder-contact"));
        return problem;
    }
}
