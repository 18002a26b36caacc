package org.certhub.platform;

/**
 * The one Java place that names the pipeline's entry points and queues. Java code hands work to the flow only through
 * these {@code direct:} endpoints; {@code routes/pipeline.yaml} declares them and says where the work goes from there
 * (which broker queue, in what batches). The broker queues are named here only so that the stalled-work sweeper can
 * look whether they are drained, and so that the broker knows their dead-letter queues.
 */
public final class Endpoints {

    /** Stored raw records (body: a list of them) to normalize and act on. */
    public static final String PROCESS_RECORDS = "direct:process-records";
    /** What acting on records gave (body: the processor's result), handed on to the queues. */
    public static final String DISPATCH = "direct:dispatch";
    /** A file of a file-drop source (headers: the source, the archive name). */
    public static final String INTAKE_FILE = "direct:intake-file";
    /** A request pushed on the REST channel (body: the pushed request); the answer is what became of its records. */
    public static final String REST_REQUEST = "direct:rest-request";
    /** Licence versions (body: a list of version ids) to seal. */
    public static final String ENQUEUE_SIGN = "direct:enqueue-sign";
    /** Sealed licence versions (body: a list of version ids) to publish. */
    public static final String ENQUEUE_PUBLISH = "direct:enqueue-publish";
    /** Status changes (body: a list of event ids) to publish. */
    public static final String ENQUEUE_STATUS = "direct:enqueue-status";

    /** The broker queue of the sign stage. */
    public static final String SIGN_QUEUE = "certhub.sign";
    /** The broker queue of the publish stage. */
    public static final String PUBLISH_QUEUE = "certhub.publish";
    /** The broker queue of status publications. */
    public static final String STATUS_QUEUE = "certhub.status";

    /** The stages' queues. */
    public static final java.util.List<String> QUEUES = java.util.List.of(SIGN_QUEUE, PUBLISH_QUEUE, STATUS_QUEUE);

    /**
     * The dead-letter queue of a stage's queue ({@code DLQ.certhub.sign} ...): where a message goes that cannot be
     * read, or that failed {@code certhub.broker.max-delivery-attempts} times.
     */
    public static String deadLetterQueue(String queue) {
        return "DLQ." + queue;
    }

    private Endpoints() {}
}
