import Testing
@testable import CohortCore

/// What the Spark compiler does not translate is reported at the construct, named, with why; what it
/// translates reads the segment columns it names. (That the SQL means what PQL means is
/// `SparkPQLDifferentialTests`' job, on real Spark.)
@Suite struct SparkPQLCompilerTests {
    static let environment: PQLEnvironment = {
        var environment = PQLEnvironment(workspace: SparkPQLSemanticsCases.workspace)
        environment.segments = ["gold", "b-list"]
        return environment
    }()

    static func compile(_ text: String) throws -> SparkPQLCompiler.Output {
        let node = try PQLParser.parse(text).get()
        #expect(PQLChecker.check(node, in: environment).errors == [], "\(text)")
        return SparkPQLCompiler.compile(node, environment: environment, now: SparkPQLSemanticsCases.now, timeZone: "UTC")
    }

    @Test(arguments: [
        (#"name.matches("^A")"#, 5, "`matches(…)`"),
        (#"name.startsWith("a", false)"#, 5, "`startsWith(…)` ignoring case"),
        ("points + 1 > 2", 0, "arithmetic `+` on a field"),
        ("xEvent.value.count() > 1", 0, "`xEvent.value`"),
        ("orders.price.count() > 1", 0, "`orders.price`"),
        ("joined occurs <= 2 days before birthDate", 31, "a time window anchored on a field"),
        (#"joined = "2026-01-01T00:00:00Z""#, 0, "a comparison of a text field with a date-time"),
        ("joined.getYear() = 2026", 7, "`getYear(…)`"),
        (#"tags.intersection(["a"]).count() = 1"#, 5, "`intersection(…)`"),
        ("tags.includes(now)", 5, "`includes(…)`"),
        ("xEvent.topN(value, 1).count() = 1", 7, "`topN(…)`"),
        (#"if(optIn, name, tier) = "x""#, 0, "`if(…)`"),
        ("orders[price > ^.points]", 15, "`^`"),
        (#"name.contains("")"#, 5, "`contains(…)` of empty text"),
    ])
    func unsupportedIsReportedAtItsConstruct(_ text: String, _ offset: Int, _ construct: String) throws {
        let output = try Self.compile(text)
        #expect(output.sql == nil)
        #expect(output.unsupported.map(\.offset) == [offset], "\(output.unsupported)")
        #expect(output.unsupported.map(\.construct) == [construct])
        #expect(output.unsupported.allSatisfy { !$0.reason.isEmpty })
    }

    @Test func everyUnsupportedPartIsReportedNotOnlyTheFirst() throws {
        let output = try Self.compile(#"name.matches("a") or (points * 2 > 1 and not tags.distinct().count() > 0)"#)
        #expect(output.unsupported.map(\.construct) == ["`matches(…)`", "arithmetic `*` on a field", "`distinct(…)`"])
    }

    @Test func inSegmentReadsTheSegmentsColumn() throws {
        let output = try Self.compile(#"inSegment("gold") and not inSegment("b-list") or inSegment("gold")"#)
        #expect(output.segments == ["b-list", "gold"])
        #expect(output.sql?.contains("`\(SparkSegments.column(of: "b-list"))`") == true)
    }

    @Test func expressionsOfNoProfileAreFoldedToLiterals() throws {
        let folded = try Self.compile(#"optIn and date(2026, 1, 1) < now and 1 + 1 = 2 and ("abc".matches("b") or currentYear() = 1999)"#)
        #expect(folded.sql == "(((coalesce(profile.`optIn`, FALSE) AND TRUE) AND TRUE) AND TRUE)")
    }

    @Test func theLocatedErrorNamesTheConstructAndAHint() throws {
        let unsupported = try #require(try Self.compile(#"name.matches("a")"#).unsupported.first)
        #expect(unsupported.error.code == .sparkUnsupported)
        #expect(unsupported.error.message == "`matches(…)` cannot run on Spark: regular expressions differ between the engines (ICU and Java)")
        #expect(unsupported.error.hint?.contains("PQL on Spark") == true)
    }
}
