package org.certhub.rendering;

import java.util.Map;
import org.ofdrw.core.basicStructure.ofd.docInfo.CT_DocInfo;
import org.ofdrw.core.basicStructure.ofd.docInfo.CustomDatas;

/**
 * The document information of a certificate's OFD: its title, and the GB/T 36903 metadata as custom data under the
 * standard's element abbreviations (ZZBS, ZZBH, ...), as GB/T 36905 embeds them.
 */
final class OfdMetadata {

    private OfdMetadata() {}

    static void apply(CT_DocInfo info, String title, Map<String, String> metadata) {
        // ofdrw writes its own creator; the elements are written again in the order GB/T 33190 gives them
        info.removeOFDElemByNames("Title", "CreationDate", "Creator", "CreatorVersion", "CustomDatas");
        info.setTile(title);
        info.setCreationDate(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        info.setCreator("certhub");
        CustomDatas custom = new CustomDatas();
        metadata.forEach((name, value) -> {
            if (value != null) {
                custom.addCustomData(name, value);
            }
        });
        info.setCustomDatas(custom);
    }
}
