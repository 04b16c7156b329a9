/// The 26 grassroots disclosure domains (基层政务公开标准目录的 26 个领域) for which every district
/// keeps a standard catalogue of what it discloses (政务公开事项标准目录), in the order and with
/// the names of the district implementation plan the product was built from, listed with the
/// departments responsible in `docs/domain-schema.md` ("Disclosure domains"). They are data: a
/// district publishes one `disclosure_catalog` row per domain (`domain_no` 1…26, the name as
/// `level1_item`), and every disclosure record points at one of them.
public enum DisclosureDomain {
    /// One domain: its number (`disclosure_catalog.domain_no`), its name (`level1_item`), and the
    /// kind of departments responsible for its catalogue (`subject`).
    public struct Entry: Sendable, Hashable {
        /// 序号: 1…26.
        public var number: Int
        /// 业务领域: the domain's name.
        public var name: String
        /// 责任部门: who compiles the domain's catalogue.
        public var departments: String
    }

    /// The 26 domains, numbered 1…26.
    public static let all: [Entry] = [
        ("重大项目", "行政审批局"), ("公共资源交易", "自然资源和规划部门、财政局"), ("义务教育", "教育局、行政审批局"),
        ("户籍管理", "公安分局"), ("社会救助", "民政局"), ("养老服务", "民政局"), ("公共法律", "司法局"),
        ("财政预决算", "财政局"), ("就业", "人社局"), ("社会保险", "人社局"), ("城乡规划", "自然资源和规划部门"),
        ("农村集体土地征收", "自然资源和规划部门"), ("生态环境", "生态环境分局"), ("保障性住房", "住建局"),
        ("国有土地上房屋征收", "房屋征收部门"), ("农村危房改造", "住建局"), ("市政服务", "行政审批局、住建局、城市管理局、水务局"),
        ("城市综合执法", "住建局、城市管理局"), ("涉农补贴", "农业局"), ("公共文化服务", "文化旅游局"), ("卫生健康", "卫生健康局"),
        ("安全生产", "应急管理局"), ("救灾生产", "应急管理局"), ("食品药品监督", "市场监管局"), ("税收管理", "税务局"), ("扶贫", "扶贫办"),
    ].enumerated().map { Entry(number: $0.offset + 1, name: $0.element.0, departments: $0.element.1) }

    /// The elements every catalogue entry states (标准目录要素).
    public static let contentElements = "名称、内容、依据、时限、主体、方式、渠道、公开对象"
}
