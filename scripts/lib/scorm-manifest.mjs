// imsmanifest.xml for the two SCORM packages: one SCO (the whole course in one page) whose
// launch file is the single-file build. Element order follows the XSDs shipped beside the
// manifest (tools/scorm-schemas/, installed by scripts/setup.sh); the browser tests
// validate both manifests against them with xmllint.

const xml = (s) =>
  String(s).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

/** The XSD files each version's package carries at its root (the file names its
 * schemaLocation names, and what those include). */
export const SCHEMA_FILES = {
  '2004': {
    dir: 'scorm20044thedition',
    files: [
      'imscp_v1p1.xsd', 'adlcp_v1p3.xsd', 'adlseq_v1p3.xsd', 'adlnav_v1p3.xsd', 'imsss_v1p0.xsd',
      'imsss_v1p0auxresource.xsd', 'imsss_v1p0control.xsd', 'imsss_v1p0delivery.xsd',
      'imsss_v1p0limit.xsd', 'imsss_v1p0objective.xsd', 'imsss_v1p0random.xsd',
      'imsss_v1p0rollup.xsd', 'imsss_v1p0seqrule.xsd', 'imsss_v1p0util.xsd', 'xml.xsd',
      'XMLSchema.dtd', 'datatypes.dtd',
    ],
  },
  '1.2': {
    dir: 'scorm12edition',
    files: ['imscp_rootv1p1p2.xsd', 'adlcp_rootv1p2.xsd', 'ims_xml.xsd', 'imsmd_rootv1p2p1.xsd'],
  },
};

/** The organization (one item, the course) and the resource (one SCO, the launch file). */
function course({ id, title, launch, itemAttributes = '', itemContent, scormType }) {
  return `  <organizations default="${xml(id)}-org">
    <organization identifier="${xml(id)}-org">
      <title>${xml(title)}</title>
      <item identifier="${xml(id)}-course" identifierref="${xml(id)}-sco"${itemAttributes}>
        <title>${xml(title)}</title>${itemContent}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="${xml(id)}-sco" type="webcontent" ${scormType}="sco" href="${xml(launch)}">
      <file href="${xml(launch)}"/>
    </resource>
  </resources>`;
}

/** SCORM 2004 4th edition. The primary objective is satisfied by measure, so the LMS
 * hands the mastery score to the SCO as cmi.scaled_passing_score (and may judge success
 * itself); the delivery controls say the content sets completion and success. */
export function manifest2004({ id, title, mastery, launch }) {
  const passing = mastery == null ? '' : `
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="course-mastery" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${(mastery / 100).toFixed(2)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${xml(id)}" version="1.0"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
${course({ id, title, launch, scormType: 'adlcp:scormType', itemContent: `
        <imsss:sequencing>${passing}
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>` })}
</manifest>
`;
}

/** SCORM 1.2. adlcp:masteryscore (0–100) reaches the SCO as cmi.student_data.mastery_score. */
export function manifest12({ id, title, mastery, launch }) {
  const masteryScore = mastery == null ? '' : `
        <adlcp:masteryscore>${mastery}</adlcp:masteryscore>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${xml(id)}" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
${course({ id, title, launch, scormType: 'adlcp:scormtype', itemAttributes: ' isvisible="true"', itemContent: masteryScore })}
</manifest>
`;
}
