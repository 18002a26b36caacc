package org.certhub.verify;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** An unknown token gets a page that says so, with status 404. */
@ControllerAdvice(assignableTypes = VerificationController.class)
class NotFoundAdvice {

    @ExceptionHandler(VerificationController.CertificateNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "verify/not-found";
    }
}
