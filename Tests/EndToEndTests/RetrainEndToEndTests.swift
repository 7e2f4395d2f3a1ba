import DriftwatchDemo
import DriftwatchTestSupport
import Foundation
import Kafka
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension EndToEnd {
    /// Retrain triggers reach a webhook and an Airflow-like receiver once each, across a crash mid-delivery; a
    /// trigger that needs approval waits for `driftwatch retrain approve` (or the status page's form), and a rejected
    /// one is never sent.
    @Suite("Closing the retrain loop", .serialized, .timeLimit(.minutes(6)))
    struct RetrainEndToEndTests {
        static let airflowPath = "/api/v1/dags/retrain/dagRuns"

        @Test func triggersReachTheSinksOnceAcrossACrashAndApprovalsDecide() async throws {
            let receiver = try await AlertReceiver.start()
            defer { receiver.stop() }
            receiver.answer(503)
            let scenario = DemoScenario(eventsPerModel: 10_000, warmupEvents: 2_000, windowEvents: 500)
            let token = "page-\(UUID().uuidString)"
            // The demo's models deliver automatically; their copies (`fraud-2`, …) wait for approval.
            let harness = try await ProcessorHarness(
                scenario: scenario,
                sections: """
                    http: {listen: "127.0.0.1:0", token: "\(token)"}
                    sinks:
                      attempts: 2
                      backoff: 10ms
                      retrain:
                        - {type: webhook, url: "http://127.0.0.1:\(receiver.port)/retrain"}
                        - {type: airflow, url: "http://127.0.0.1:\(receiver.port)", dag_id: retrain,
                           username: driftwatch, password: "airflow-\(UUID().uuidString)"}
                    """,
                replicas: 2,
                modelSettings: { model in
                    model.hasSuffix("-2")
                        ? ["retrain": "{mode: approval_required, on: [concept_drift, critical], min_interval: 1h}"]
                        : [:]
                })
            defer { harness.removeFiles() }
            let arguments = ["--log-format", "json"]
            var processor = try DriftwatchProcess(
                config: harness.config, logFile: harness.logFile, arguments: arguments)
            let ends = try await harness.produceAll()
            #expect(try await harness.waitForLagZero(ends), "log:\n\(harness.log.suffix(3_000))")

            let triggers = try await harness.events(harness.topics.retrain).filter { $0["mode"] != nil }
            func ids(_ mode: String) -> Set<String> {
                Set(triggers.filter { $0["mode"] as? String == mode }.compactMap { $0["event_id"] as? String })
            }
            let automatic = ids("automatic")
            let pending = ids("approval_required").sorted()
            #expect(!automatic.isEmpty, "\(triggers)")
            // Among them a concept drift (the demo's error rates rise), which the sinks must receive once each.
            let conceptDrift = Set(
                triggers.filter { trigger in
                    trigger["mode"] as? String == "automatic"
                        && ((trigger["reasons"] as? [[String: Any]]) ?? []).contains {
                            $0["kind"] as? String == "concept_drift"
                        }
                }.compactMap { $0["event_id"] as? String })
            #expect(!conceptDrift.isEmpty, "no automatic concept drift trigger: \(triggers)")
            #expect(pending.count >= 2, "\(triggers)")
            let refused = try await eventually { receiver.requests(to: "/retrain").contains { $0.status == 503 } }
            #expect(refused, "no delivery was tried; log:\n\(harness.log.suffix(3_000))")

            // A crash while the receiver refuses; it recovers, and a new processor delivers what has no receipt,
            // reading past a record on the topic that is none of driftwatch's.
            #expect(await processor.stop(signal: SIGKILL) == SIGKILL)
            _ = try await harness.produce(messages: [
                KafkaProducerMessage(
                    topic: harness.topics.retrain, key: Array("fraud".utf8), value: Array("{not an event".utf8))
            ])
            receiver.answer(nil)
            processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile, arguments: arguments)
            func accepted(_ path: String, _ idField: String) -> [String] {
                receiver.requests(to: path).filter { $0.status == 200 }.compactMap { $0.json?[idField] as? String }
            }
            func sent() -> Set<String> {
                Set(accepted("/retrain", "id") + accepted(Self.airflowPath, "dag_run_id"))
            }
            let delivered = try await eventually(timeout: .seconds(60)) {
                Set(accepted("/retrain", "id")).isSuperset(of: automatic)
                    && Set(accepted(Self.airflowPath, "dag_run_id")).isSuperset(of: automatic)
            }
            #expect(delivered, "log:\n\(harness.log.suffix(3_000))")
            #expect(harness.log.contains("Skipped a record of the retrain topic"), "\(harness.log.suffix(3_000))")
            #expect(accepted("/retrain", "id").sorted() == automatic.sorted(), "each trigger accepted once")
            #expect(accepted(Self.airflowPath, "dag_run_id").sorted() == automatic.sorted())
            #expect(sent().isDisjoint(with: pending), "a trigger awaiting approval was sent")

            // Decisions, with the CLI against the same configuration.
            let driftwatch = try DevBrokerProcess.driftwatchBinary().path
            let listed = try await ChildProcess.run(
                driftwatch, ["retrain", "pending", "--config", harness.config.path])
            let listedIDs = listed.standardOutput.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["trigger_id"] as? String
            }
            #expect(listedIDs.sorted() == pending, "\(listed.standardOutput)\(listed.standardError)")
            let (approvedID, rejectedID) = (pending[0], pending[1])
            let approval = try await ChildProcess.run(
                driftwatch,
                [
                    "retrain", "approve", approvedID, "--by", "alice", "--reason", "checked the drift", "--config",
                    harness.config.path,
                ])
            #expect(approval.status == 0, "\(approval.standardError)")
            // The rejection on the status page's form, which needs the token like every page.
            let base = try await OperationsEndToEndTests.listeningAddress(in: harness)
            func post(_ form: String, token: String?, site: String? = nil) async throws -> (status: Int, body: String) {
                var request = URLRequest(url: URL(string: base + "/retrain/decisions")!)
                request.httpMethod = "POST"
                request.httpBody = Data(form.utf8)
                request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
                if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
                if let site { request.setValue(site, forHTTPHeaderField: "Sec-Fetch-Site") }
                let (data, response) = try await URLSession.shared.data(for: request)
                return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
            }
            let rejectForm = "trigger_id=\(rejectedID)&decision=reject&by=bob&reason=not+now"
            #expect(try await post(rejectForm, token: nil).status == 401)
            // A form another site's page posts, through a proxy that adds the token, does not decide.
            #expect(try await post(rejectForm, token: token, site: "cross-site").status == 403)
            #expect(try await post("trigger_id=unknown&decision=reject", token: token).status == 409)
            let rejection = try await post(rejectForm, token: token, site: "same-origin")
            #expect(rejection.status == 200 && rejection.body.contains("is rejected"), "\(rejection)")
            let approvedSent = try await eventually {
                accepted("/retrain", "id").contains(approvedID)
                    && accepted(Self.airflowPath, "dag_run_id").contains(approvedID)
            }
            #expect(approvedSent, "log:\n\(harness.log.suffix(3_000))")
            let run = receiver.requests(to: Self.airflowPath).first { $0.json?["dag_run_id"] as? String == approvedID }
            let conf = run?.json?["conf"] as? [String: Any]
            #expect(conf?["approved_by"] as? String == "alice")
            #expect(conf?["approval_reason"] as? String == "checked the drift")
            try await Task.sleep(for: .seconds(3))
            #expect(!sent().contains(rejectedID), "a rejected trigger was sent")

            // The status page shows both decisions, also after a restart (they are on the topic).
            func page() async throws -> String {
                let base = try await OperationsEndToEndTests.listeningAddress(in: harness)
                return (try? await OperationsEndToEndTests.get(base + "/", token: token).body) ?? ""
            }
            func showsDecisions(_ html: String) -> Bool {
                html.contains(approvedID) && html.contains(rejectedID) && html.contains("approved")
                    && html.contains("rejected") && html.contains("alice")
            }
            var html = ""
            let shown = try await eventually {
                html = try await page()
                return showsDecisions(html)
            }
            #expect(shown, "status page:\n\(html.suffix(3_000))")
            let requestsBefore = receiver.requests(to: "/retrain").count + receiver.requests(to: Self.airflowPath).count
            #expect(await processor.stop() == 0, "log:\n\(harness.log.suffix(3_000))")
            let addresses = harness.log.components(separatedBy: "driftwatch.http.address").count
            processor = try DriftwatchProcess(config: harness.config, logFile: harness.logFile, arguments: arguments)
            let restarted = try await eventually {
                harness.log.components(separatedBy: "driftwatch.http.address").count > addresses
            }
            #expect(restarted, "log:\n\(harness.log.suffix(3_000))")
            let shownAgain = try await eventually {
                html = try await page()
                return showsDecisions(html)
            }
            #expect(shownAgain, "status page after the restart:\n\(html.suffix(3_000))")
            try await Task.sleep(for: .seconds(3))
            let requestsAfter = receiver.requests(to: "/retrain").count + receiver.requests(to: Self.airflowPath).count
            #expect(requestsAfter == requestsBefore, "the restarted processor sent triggers again")
            #expect(await processor.stop() == 0, "log:\n\(harness.log.suffix(3_000))")
        }
    }
}
