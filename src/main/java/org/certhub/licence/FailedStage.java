package org.certhub.licence;

/** The stage in which a {@link VersionState#FAILED} version failed, and to which a re-drive hands it back. */
public enum FailedStage {
    /** Rendering, sealing or storing the file: a re-drive makes the version {@link VersionState#PENDING_SIGN}. */
    SIGN(VersionState.PENDING_SIGN),
    /** Publication to a target: a re-drive makes the version {@link VersionState#SIGNED} again. */
    PUBLISH(VersionState.SIGNED);

    private final VersionState retriedAs;

    FailedStage(VersionState retriedAs) {
        this.retriedAs = retriedAs;
    }

    /** The state the version fails from, and returns to when re-driven. */
    public VersionState stageState() {
        return retriedAs;
    }
}
