import Testing

@testable import DriftEngine

@Suite("Event ids")
struct EventIDTests {
    @Test func fnv1a128MatchesTheReferenceVectors() {
        #expect(FNV1a128.hash("") == 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
        #expect(FNV1a128.hash("a") == 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964)
    }

    @Test func idsAreVersion8UUIDsThatDependOnEveryPart() {
        let id = EventID.make(dedupKey: "fraud/3/concept_drift", sequence: 1, status: "firing")
        #expect(id == "d65e7a68-5bb3-8379-9d9f-745fe94826aa")
        #expect(id != EventID.make(dedupKey: "fraud/3/concept_drift", sequence: 2, status: "firing"))
        #expect(id != EventID.make(dedupKey: "fraud/3/concept_drift", sequence: 1, status: "resolved"))
        #expect(id != EventID.make(dedupKey: "fraud/4/concept_drift", sequence: 1, status: "firing"))
    }
}
