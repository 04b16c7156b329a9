import Foundation
import LiandongCore
import LiandongDomain
import LiandongStore
import LiandongTesting
import Testing

/// The synthetic city: deterministic by seed, converged by in-process sync through the same
/// admission and merge as the wire, and realistic in its shape.
@Suite struct GeneratorTests {
    static var small: SyntheticCity.Shape {
        var shape = SyntheticCity.Shape.demo
        shape.districts = 1
        shape.baseItems = 40
        shape.implementationItems = 20...30
        return shape
    }

    func build(seed: UInt64) throws -> (SyntheticCity, [ConvergenceProof.NodeReport], [NodeID: Replica], TemporaryDirectory) {
        let dir = TemporaryDirectory()
        let city = SyntheticCity(seed: seed, shape: Self.small, firstDay: try Day("2026-11-16"), days: 4)
        let key = try PrivacyKey(hex: String(repeating: "07", count: PrivacyKey.byteCount))
        let (replicas, report) = try city.build(in: dir.path, privacyKey: key, logger: testLogger())
        #expect(report.cases > 0 && report.steps > report.cases)
        return (city, try ConvergenceProof.check(city.nodes.map { replicas[$0]! }, privacyKey: key), replicas, dir)
    }

    @Test func theSameSeedBuildsTheSameCityAndItConverges() throws {
        let (city, first, replicas, _) = try build(seed: 7)
        #expect(city.nodes.count == 1 + 1 + 2 + 4)
        #expect(first.allSatisfy { $0.converged })
        let (_, second, _, _) = try build(seed: 7)
        #expect(first.map(\.heldDigest) == second.map(\.heldDigest))
        let (_, other, _, _) = try build(seed: 8)
        #expect(first.map(\.heldDigest) != other.map(\.heldDigest))

        // Realistic: proxy cases at villages, evaluations, valid ID numbers (check digit), events per case.
        let district = replicas[city.districts[0]]!
        let row = try district.query(
            "SELECT count(*), sum(apply_channel = 'proxy'), (SELECT count(*) FROM case_event), (SELECT count(*) FROM evaluation) FROM case_accept").rows[0]
        let cases = row[0].integerValue ?? 0
        #expect(cases > 20 && (row[1].integerValue ?? 0) > 0 && (row[2].integerValue ?? 0) >= 2 * cases && (row[3].integerValue ?? 0) > 0)
        for case .text(let id) in try district.query("SELECT applyer_page_code FROM case_accept LIMIT 20").rows.map({ $0[0] }) {
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(id.prefix(17), weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
            #expect(id.count == 18 && Array("10X98765432")[sum % 11] == id.last)
        }
        // The city holds the cases masked.
        try expectNoRawPersonalData(in: replicas[SyntheticCity.cityCode]!, raw: try district.query("SELECT applyer_page_code FROM case_accept LIMIT 5").rows.compactMap {
            if case .text(let text) = $0[0] { return text }
            return nil
        })
    }
}
