import LiandongCore
import Testing

/// The one detector behind the published-text guard and the free-text scrubber
/// (`PersonalIdentifiers`, Protocols/SPEC.md §17.4): the forms people type, and amounts left alone.
@Suite struct PersonalIdentifierTests {
    func kinds(_ text: String) -> [PersonalIdentifier.Kind] { PersonalIdentifiers.find(in: text).map(\.kind) }

    @Test func mobilesInTheFormsPeopleType() {
        for text in [
            "联系电话13812345678", "电话：138-1234-5678。", "手机 138 1234 5678 联系", "１３８１２３４５６７８", "１３８－１２３４－５６７８",
            "+86 138 1234 5678", "+8613812345678", "＋86-13812345678", "0086 13812345678", "(+86)13812345678", "tel:13812345678,谢谢",
            "13812345678，13912345678", "电话13812345678.",
        ] {
            #expect(kinds(text).first == .mobile, "\(text)")
            #expect(PersonalIdentifiers.inPublishedText(text), "\(text)")
        }
        #expect(kinds("13812345678,13912345678") == [.mobile, .mobile])
        // The digits found are the mobile's, without prefix or separators.
        #expect(PersonalIdentifiers.find(in: "+86 138-1234-5678").map(\.digits) == ["13812345678"])
        #expect(PersonalIdentifiers.find(in: "电话+8613812345678").first?.range == 2..<16)
    }

    @Test func idNumbersInTheFormsPeopleType() {
        for text in [
            "身份证 11010519491231002X", "身份证号11010519491231002x", "110105 19491231 002X", "110105-1949-1231-002X", "１１０１０５１９４９１２３１００２Ｘ",
            "证件440102199001011234已核", "旧证 110105491231002",
        ] {
            #expect(kinds(text) == [.idNumber], "\(text)")
            #expect(PersonalIdentifiers.inPublishedText(text), "\(text)")
        }
        #expect(PersonalIdentifiers.find(in: "１１０１０５１９４９１２３１００２ｘ").map(\.digits) == ["11010519491231002X"])
        // A bank card, grouped or not, is a long number.
        #expect(kinds("卡号6222 0212 3456 7890 123") == [.longNumber])
        #expect(kinds("6222021234567890") == [.longNumber])
    }

    @Test func landlinesAreFoundButMayBePublished() {
        for text in ["029-8888-6666", "座机(029)88886666", "0755-12345678", "（0755）1234 5678", "02988886666"] {
            #expect(kinds(text) == [.landline], "\(text)")
            #expect(!PersonalIdentifiers.inPublishedText(text), "an office publishes its own number: \(text)")
        }
        #expect(PersonalIdentifiers.scrubbed("座机029-8888-6666") == "座机029****6666")
    }

    @Test func amountsDatesAndCaseNumbersAreNotIdentifiers() {
        for text in [
            "预算13,500,000,000元", "合计1,350,000.00", "¥13500000000", "￥13500000000.50", "13500000000元", "投资135亿元", "补助13800000000万元",
            "13812345678.00", "$13,812,345,678", "2026年第3号公告，受理12件", "2026-11-01 2026-11-30 08:00", "办件441702001201-20261101-0001",
            "12345 热线", "400-888-8888", "2026年11月01日13时", "第138号", "138****5678", "110105********002X", "1381234567812",
            "6222021234567890123456", "",
        ] {
            #expect(kinds(text).isEmpty, "\(text) → \(kinds(text))")
            #expect(!PersonalIdentifiers.inPublishedText(text), "\(text)")
            #expect(PersonalIdentifiers.scrubbed(text) == text, "\(text)")
        }
        // An amount next to a phone: only the phone goes.
        #expect(PersonalIdentifiers.scrubbed("补助13,500,000,000元，联系13812345678") == "补助13,500,000,000元，联系138****5678")
    }

    @Test func scrubbingMasksEveryFormAndLeavesTheRest() {
        #expect(PersonalIdentifiers.scrubbed("申请人张三，身份证110105 19491231 002X，电话+86 138-1234-5678，已补正")
            == "申请人张三，身份证110105********002X，电话138****5678，已补正")
        #expect(PersonalIdentifiers.scrubbed("１３８１２３４５６７８") == "138****5678")
        #expect(PersonalIdentifiers.scrubbed("卡6222021234567890") == "卡************7890")
        // A mask never makes a new identifier with what follows it.
        let tricky = "13812341391 2345678 1381234567"
        #expect(PersonalIdentifiers.find(in: PersonalIdentifiers.scrubbed(tricky)).isEmpty)
    }

    /// Random text of digits, separators, amount marks and CJK: the detector never crashes, and
    /// scrubbed text holds nothing it would find (what the city's admission checks).
    @Test func scrubbedTextAlwaysPassesTheCheck() {
        var rng = SplitMix64(seed: 2026_12_02)
        let alphabet = Array("0123456789０１２３４５６７８９13 -－()（）+＋Xx,.元万¥号电话*\u{3000}")
        for _ in 0..<3000 {
            let text = String((0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let scrubbed = PersonalIdentifiers.scrubbed(text)
            #expect(PersonalIdentifiers.find(in: scrubbed).isEmpty, "\(text) → \(scrubbed)")
            #expect(PersonalData.freeText.isSafeAboveCeiling(.text(scrubbed)))
            #expect(PersonalData.freeText.masked(.text(text)) == .text(scrubbed))
        }
        #expect(!PersonalData.freeText.isSafeAboveCeiling(.text("电话138-1234-5678")))
        #expect(PersonalData.freeText.isSafeAboveCeiling(.null))
    }
}
