package org.certhub.rendering;

/**
 * ofdrw reads and writes the XML of OFD packages with dom4j, which asks JAXP for a new SAX parser factory for every
 * file it reads; without a factory named, JAXP looks for one among the service files of every jar on the class path,
 * which in the hub's jar was 17 % of the samples of an OFD's rendering and sealing. The factory named here is the one that search ends with (the
 * JDK's own; no other SAX parser is on the hub's class path).
 */
public final class OfdXml {

    private static final String FACTORY = "javax.xml.parsers.SAXParserFactory";

    private OfdXml() {}

    /** Names the JDK's SAX parser factory, unless one is named already. */
    public static void useJdkSaxParser() {
        if (System.getProperty(FACTORY) == null) {
            System.setProperty(FACTORY, "com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl");
        }
    }
}
