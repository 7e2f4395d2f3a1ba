import DriftEngine
import Foundation
import Testing

@testable import DriftwatchService

/// The consistent-prefix rule: a partition's state is its last complete checkpoint, whatever a crash cut short.
@Suite("Changelog restore")
struct ChangelogRestoreTests {
    static func marker(_ generation: UInt64, predictions: Int64 = 10) -> [UInt8] {
        let marker = ChangelogRestore.Marker(
            formatVersion: 1, generation: generation, positions: InputPositions(predictions: predictions),
            instance: "test")
        return Array(try! JSONEncoder().encode(marker))
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func theLastMarkedCheckpointIsRestored() {
        var restore = ChangelogRestore(partition: 3)
        restore.read(key: "3/v/a", value: Self.bytes("a1"), generation: 1)
        restore.read(key: "3/j/x", value: Self.bytes("x1"), generation: 1)
        restore.read(key: "3/checkpoint", value: Self.marker(1, predictions: 5), generation: 1)
        restore.read(key: "3/v/a", value: Self.bytes("a2"), generation: 2)
        restore.read(key: "3/j/x", value: nil, generation: 2)
        restore.read(key: "4/v/a", value: Self.bytes("other partition"), generation: 9)
        restore.read(key: "3/checkpoint", value: Self.marker(2, predictions: 9), generation: 2)
        #expect(restore.restoredRecords == ["v/a": Self.bytes("a2")])
        #expect(restore.marker?.positions == InputPositions(predictions: 9))
        #expect(restore.rewrites.isEmpty)
        #expect(restore.highestGeneration == 2)
        #expect(restore.recordCount == 6)
    }

    @Test func aCheckpointCutShortIsLeftOutAndRewritten() {
        var restore = ChangelogRestore(partition: 0)
        restore.read(key: "0/v/a", value: Self.bytes("a1"), generation: 1)
        restore.read(key: "0/checkpoint", value: Self.marker(1), generation: 1)
        restore.read(key: "0/v/a", value: Self.bytes("a2"), generation: 2)
        restore.read(key: "0/j/new", value: Self.bytes("n"), generation: 2)
        #expect(restore.restoredRecords == ["v/a": Self.bytes("a1")])
        #expect(restore.rewrites == ["v/a": Self.bytes("a1"), "j/new": nil])
        #expect(restore.highestGeneration == 2, "the next checkpoint supersedes the cut-short one")
    }

    @Test func theNextWriterSupersedesACutShortCheckpoint() {
        // A wrote generation 2 without its marker; B restored generation 1, rewrote the keys and marked 3.
        var restore = ChangelogRestore(partition: 0)
        restore.read(key: "0/v/a", value: Self.bytes("a1"), generation: 1)
        restore.read(key: "0/checkpoint", value: Self.marker(1), generation: 1)
        restore.read(key: "0/v/a", value: Self.bytes("cut short"), generation: 2)
        restore.read(key: "0/v/a", value: Self.bytes("a1"), generation: 3)
        restore.read(key: "0/v/a", value: Self.bytes("a3"), generation: 3)
        restore.read(key: "0/checkpoint", value: Self.marker(3), generation: 3)
        #expect(restore.restoredRecords == ["v/a": Self.bytes("a3")])
        #expect(restore.rewrites.isEmpty)
    }

    @Test func recordsWithoutAGenerationBelongToTheCheckpoint() {
        var restore = ChangelogRestore(partition: 1)
        restore.read(key: "1/checkpoint", value: Self.marker(4), generation: 4)
        restore.read(key: "1/v/a", value: Self.bytes("written by hand"), generation: 0)
        #expect(restore.restoredRecords == ["v/a": Self.bytes("written by hand")])
    }

    @Test func withoutAReadableMarkerNothingIsRestoredAndEverythingIsDeleted() {
        var restore = ChangelogRestore(partition: 2)
        restore.read(key: "2/v/a", value: Self.bytes("a1"), generation: 1)
        restore.read(key: "2/checkpoint", value: Self.bytes("garbage"), generation: 1)
        #expect(restore.marker == nil)
        #expect(restore.restoredRecords.isEmpty)
        #expect(restore.rewrites == ["v/a": nil])
        #expect(restore.failures.map(\.key) == ["checkpoint"])
    }
}
