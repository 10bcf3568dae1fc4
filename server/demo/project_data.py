"""The demo's 民生实事台账, from the background text: its projects with the figures it gives
(西关桥 17,600 万元 with 12,200 done, 69.3 %, open in February 2022; the public TCM hospital,
40,575.06 万元 and 299 beds, topped out on 2021-07-30; six schools with 4,590 places; the
城墙口游园, about 760 万元; the 东街社区日间照料中心, 60 万元) and plausible ones for the rest
of a first batch of twenty and a second batch, over the six aspects.

Dates are the text's own (it was written in mid-January 2022, AS_OF); server/demo/projects.py
moves them into the demo's present keeping their distances, so 西关桥 still opens about six
weeks after "today" and the hospital was topped out five and a half months before it.
Leaders are named by their office only (a public office, not personal data).
"""

from dataclasses import dataclass
from datetime import date

D = date
AS_OF = D(2022, 1, 14)


@dataclass(frozen=True)
class Spec:
    """One project as the demo builds it.

    `steps`: (milestone, planned date, done on or None); None: the template's plan from
    start to due, each step done that fell due by the completion (or by AS_OF).
    `updates`: (day, percent, investment done, text, with a photo); None: `texts` spread
    evenly from the start to `until`, the figures rising to `percent` and `done`.
    """

    name: str
    category: str
    unit: str
    total: float
    start: date
    due: date
    place: str
    batch: int = 1
    leader: str | None = None
    steps: tuple | None = None
    updates: tuple | None = None
    texts: tuple = ()
    until: date | None = None
    percent: int = 100
    done: float | None = None
    completed: date | None = None
    in_use: date | None = None
    verified: tuple | None = None  # (day, satisfaction, note)
    photo_last: bool = False


_BUILD = ("完成施工招标，施工单位进场", "基础施工完成，主体结构施工", "主体结构封顶，开始内外装修",
          "室外配套工程和设备安装完成", "完成竣工验收")
_SCHOOL = ("完成施工招标，施工单位进场", "教学楼基础施工完成", "教学楼主体封顶，开始内外装修",
           "操场、围墙等室外配套和教学设备安装完成", "完成竣工验收，具备秋季开学条件")


def _school(name: str, places: int, total: float, place: str, start: date,
            verified: tuple | None = None) -> Spec:
    """One of the six schools that opened for the autumn term of 2021."""
    return Spec(f"{name}（新增学位{places}个）", "other", "教育局", total, start, D(2021, 8, 20),
                place, texts=_SCHOOL, until=D(2021, 8, 13), completed=D(2021, 8, 16),
                in_use=D(2021, 9, 1), verified=verified,
                photo_last=verified is not None)


XIGUAN = Spec(
    "西关桥新建工程", "infrastructure", "住建局", 17600, D(2020, 9, 1), D(2022, 2, 28),
    "新建路街道", leader="市长", percent=73, done=12200, steps=(
        ("管线迁改", D(2020, 11, 30), D(2020, 11, 26)),
        ("老桥拆除", D(2021, 1, 29), D(2021, 1, 28)),
        ("桩基施工", D(2021, 6, 30), D(2021, 7, 8)),
        ("承台、墩柱及盖梁", D(2021, 10, 29), D(2021, 11, 5)),
        ("主桥合龙", D(2021, 12, 31), None), ("桥面铺装及引道", D(2022, 2, 15), None),
        ("建成通车", D(2022, 2, 28), None)),
    updates=(
        (D(2020, 11, 27), 5, 900,
         "完成天然气、供电、弱电和供水管线迁改，清理影响施工的地上附属物", False),
        (D(2021, 1, 29), 12, 2100, "老桥拆除完成，开始土方开挖和河道清淤", False),
        (D(2021, 3, 26), 20, 3400,
         "土方开挖20000立方米、河道清淤4000立方米完成，桩基施工全面展开", False),
        (D(2021, 5, 28), 30, 5000, "累计完成桩基120根，节假日期间照常施工", False),
        (D(2021, 7, 9), 40, 6600, "180根桩基全部完成，转入承台施工", False),
        (D(2021, 9, 24), 52, 8500, "累计完成17个承台、45个墩柱", False),
        (D(2021, 11, 5), 62, 10000, "16个盖梁浇筑完成，1.5联满堂支架浇筑梁完成", False),
        (D(2021, 12, 24), 70, 11500, "累计完成78段悬臂浇筑梁，主桥合龙段施工准备中", False),
        (D(2022, 1, 12), 73, 12200,
         "累计完成投资1.22亿元，占总投资69.3%；合龙段受低温天气影响比计划滞后，"
         "已增加作业班组，春节期间照常施工", True)))

HOSPITAL = Spec(
    "新郑市公立中医院建设项目（二级中医医院，床位299张）", "health", "卫健委", 40575.06,
    D(2020, 6, 18), D(2022, 9, 30), "和庄镇", leader="常务副市长", percent=63, done=26500, steps=(
        ("方案设计", D(2020, 8, 31), D(2020, 8, 25)),
        ("开工建设", D(2020, 10, 30), D(2020, 10, 28)),
        ("医疗综合楼主体封顶", D(2021, 7, 30), D(2021, 7, 30)),
        ("主体结构验收", D(2021, 12, 17), D(2021, 12, 15)),
        ("内外装修及设备安装", D(2022, 6, 30), None), ("竣工验收", D(2022, 9, 30), None)),
    updates=(
        (D(2020, 10, 28), 8, 3000, "施工单位进场，医疗综合楼基础开挖", False),
        (D(2021, 1, 22), 18, 7500, "地下室底板浇筑完成", False),
        (D(2021, 4, 23), 30, 12800, "医疗综合楼主体施工至六层", False),
        (D(2021, 7, 30), 45, 18600, "医疗综合楼主体封顶", True),
        (D(2021, 9, 24), 52, 21800, "汽车坡道、消防水池浇筑完工", False),
        (D(2021, 11, 19), 58, 24300, "地下室外墙防水及回填土完成，加气砌块砌筑即将完工", False),
        (D(2021, 12, 17), 63, 26500,
         "医疗综合楼主体结构通过验收，年底基本建成的目标已经实现", True)))

SPECS = (
    XIGUAN, HOSPITAL,
    _school("桃园小学建设项目", 1080, 6200, "新建路街道", D(2020, 7, 1),
            verified=(D(2021, 10, 22), "satisfied", "家长和师生普遍满意，大班额问题得到缓解")),
    _school("梨河镇梨园完全小学教学楼建设项目", 540, 1850, "梨河村", D(2020, 9, 1)),
    _school("龙湖镇第二初级中学建设项目", 1200, 9600, "三里岗社区", D(2020, 7, 15)),
    _school("城关乡香江龙湾社区配套小学建设项目", 810, 4300, "香江龙湾社区", D(2020, 8, 1)),
    _school("郭店镇常家庄社区配套小学建设项目", 450, 2450, "常家庄社区", D(2020, 9, 1)),
    _school("孟庄镇中心小学教学楼建设项目", 510, 2200, "孟庄村", D(2020, 9, 15)),
    Spec("城墙口游园建设项目", "culture_tourism", "城管局", 760, D(2021, 3, 1), D(2021, 9, 30),
         "新建路街道", texts=(
             "完成游园设计，以保护城墙为出发点，还原古城风貌", "中心环岛及东南角游园施工",
             "西南角、西北角游园施工，郑韩故城历史沿革文化墙开始制作",
             "出土文物展示墙、禅境游园、休憩凉亭完成",
             "游园全部完工，总占地约12330平方米，向市民开放"),
         until=D(2021, 9, 28), completed=D(2021, 9, 28), in_use=D(2021, 10, 1), photo_last=True),
    Spec("东街社区日间照料中心", "convenience", "新建路街道人民政府", 60, D(2021, 4, 1),
         D(2021, 8, 31), "东街社区", texts=(
             "完成适老化改造方案，建筑面积450平方米", "室内适老化改造施工",
             "餐厅（可同时容纳30人用餐）和休息床位配置完成",
             "日间照料中心建成，提供日间照料、助餐、康复护理、文体娱乐等服务"),
         until=D(2021, 8, 27), completed=D(2021, 8, 30), in_use=D(2021, 9, 10), photo_last=True),
    Spec("老旧小区改造升级工程（18个小区）", "infrastructure", "住建局", 8600, D(2021, 3, 15),
         D(2021, 12, 31), "新建路街道", leader="副市长", texts=(
             "完成18个小区入户征求意见，改造内容由居民商定", "首批6个小区雨污分流和管网改造",
             "拆除私搭乱建，更换楼道灯，屋面防水改造", "第二批小区外立面和绿化提升",
             "18个小区改造全部完工"),
         until=D(2021, 12, 24), completed=D(2021, 12, 27)),
    Spec("中华路公园建设项目", "culture_tourism", "城管局", 3200, D(2021, 5, 10), D(2022, 5, 31),
         "中华路", percent=55, done=1650, steps=(
             ("土方及地形整理", D(2021, 8, 31), D(2021, 8, 27)),
             ("园路及广场铺装", D(2021, 12, 10), None), ("绿化种植", D(2022, 4, 15), None),
             ("竣工开放", D(2022, 5, 31), None)),
         texts=("施工单位进场，清表和土方施工", "地形整理完成，开始园路基层施工",
                "广场铺装石材到场，铺装施工", "受冬季低温影响铺装进度滞后，已调整施工工序",
                "园路铺装完成约六成，苗木订购中"), until=D(2022, 1, 7), photo_last=True),
    Spec("街心游园健身器材和直饮水点建设（25个游园、15个直饮水点）", "convenience", "城管局", 185,
         D(2021, 4, 15), D(2021, 7, 31), "子都园游园", texts=(
             "完成25个街心游园健身器材选型和采购", "健身器材安装完成16个游园",
             "健身器材全部安装，15个直饮水点通水"),
         until=D(2021, 7, 23), completed=D(2021, 7, 26), in_use=D(2021, 8, 2)),
    Spec("农村生活污水治理工程（处理站222座、提升泵站120座）", "infrastructure", "水利局", 23800,
         D(2020, 11, 1), D(2021, 11, 30), "观音寺村", texts=(
             "完成管网和处理站选址", "首批60座处理站施工", "累计建成处理站150座、提升泵站80座",
             "处理站222座、提升泵站120座、蓄水池10座全部完工", "通水调试完成，运行正常"),
         until=D(2021, 11, 26), completed=D(2021, 11, 29), in_use=D(2021, 12, 10)),
    Spec("龙湖镇祥和路社区卫生服务中心建设项目", "health", "卫健委", 1380, D(2021, 3, 1),
         D(2022, 1, 31), "祥和路", texts=_BUILD, until=D(2022, 1, 7), completed=D(2022, 1, 10)),
    Spec("新能源公交车购置及公交线路优化（10台）", "convenience", "交通运输局", 960, D(2021, 8, 1),
         D(2021, 12, 31), "新建路街道", texts=(
             "完成线路客流调查和优化方案", "新能源公交车采购招标完成", "充电桩安装调试完成",
             "10台新能源公交车投入运营，调整发车时间"),
         until=D(2021, 12, 28), completed=D(2021, 12, 29), in_use=D(2021, 12, 31)),
    Spec("农贸市场建设提升（大旺商、金宜丰、柏树刘、中兴路）", "convenience", "市场监管局", 6800,
         D(2021, 2, 1), D(2021, 10, 31), "大旺商农贸市场", steps=(
             ("设计和招标", D(2021, 3, 15), D(2021, 3, 12)),
             ("主体施工", D(2021, 7, 30), D(2021, 7, 28)),
             ("摊位及配套设施安装", D(2021, 10, 15), D(2021, 10, 14)),
             ("竣工验收", D(2021, 10, 29), D(2021, 10, 26)), ("排水沟整改", D(2021, 12, 31), None)),
         updates=(
             (D(2021, 3, 12), 10, 600, "4个农贸市场完成设计和招标", False),
             (D(2021, 5, 28), 40, 2700, "大旺商、金宜丰市场主体施工", False),
             (D(2021, 7, 28), 70, 4800, "柏树刘、中兴路市场主体完工", False),
             (D(2021, 10, 22), 100, 6800, "4个农贸市场建成，摊位、消防设施安装完成", False),
             (D(2021, 12, 10), 100, 6800,
              "按验收意见对市场排水沟清淤改造，完成大旺商、金宜丰两个市场", False)),
         completed=D(2021, 10, 26), in_use=D(2021, 11, 1),
         verified=(D(2021, 11, 19), "unsatisfied",
                   "雨天市场内排水沟积水，商户和群众反映强烈，退回整改")),
    Spec("和庄镇灾后重建道路修复工程", "disaster_rebuild", "交通运输局", 3800, D(2021, 8, 20),
         D(2022, 6, 30), "灾后重建道路（和庄段）", leader="副市长", percent=40, done=1450, steps=(
             ("水毁路段排查", D(2021, 9, 10), D(2021, 9, 9)), ("边坡加固", D(2021, 11, 30), None),
             ("路基修复", D(2022, 3, 31), None), ("路面铺装", D(2022, 5, 31), None),
             ("竣工验收", D(2022, 6, 30), None)),
         texts=("完成水毁路段排查，确定修复方案", "临时便道修通，保障群众出行",
                "边坡加固施工，部分路段塌方量大于预计", "边坡加固完成约七成，路基修复同步推进"),
         until=D(2022, 1, 5), photo_last=True),
    Spec("农村水毁房屋及附属设施灾后重建（94项）", "disaster_rebuild", "住建局", 5200,
         D(2021, 8, 10), D(2021, 12, 31), "和庄村", texts=(
             "完成94项水毁房屋、道路及附属设施排查建档", "首批40项修缮重建完成",
             "累计完成75项", "94项全部完成，完成率100%"),
         until=D(2021, 12, 17), completed=D(2021, 12, 20)),
    Spec("常家庄社区安置房建设项目", "infrastructure", "郭店镇人民政府", 42600, D(2020, 3, 1),
         D(2021, 12, 31), "常家庄社区", leader="市委副书记", texts=(
             "完成施工招标，施工单位进场", "安置房基础施工", "安置房主体施工过半",
             "安置房主体全部封顶", "室外管网、道路和绿化施工", "完成竣工验收，组织群众选房"),
         until=D(2021, 12, 10), completed=D(2021, 12, 14), in_use=D(2021, 12, 28)),
    Spec("适龄妇女“两癌”免费筛查", "health", "卫健委", 280, D(2021, 10, 8), D(2022, 6, 30),
         "新建路街道", batch=2, percent=45, done=110, steps=(
             ("制定筛查方案", D(2021, 10, 29), D(2021, 10, 27)),
             ("第一阶段筛查", D(2022, 2, 28), None),
             ("第二阶段筛查", D(2022, 5, 31), None), ("结果随访和总结", D(2022, 6, 30), None)),
         texts=(
             "制定筛查方案，确定定点医院", "第一批乡镇（街道）筛查启动",
             "累计完成筛查约4500人"), until=D(2022, 1, 10)),
    Spec("观音寺镇水毁桥涵重建工程", "disaster_rebuild", "水利局", 1150, D(2021, 10, 15),
         D(2022, 4, 30), "观音寺村", batch=2, percent=60, done=620, texts=(
             "完成桥涵设计和招标", "旧涵拆除，基础施工", "涵洞主体完成"), until=D(2022, 1, 7)),
    Spec("村级集体经济财政扶持试点（12个村）", "other", "孟庄镇人民政府", 600, D(2021, 9, 1),
         D(2022, 8, 31), "孟庄村", batch=2, percent=35, done=210, steps=(
             ("确定试点村", D(2021, 9, 30), D(2021, 9, 28)),
             ("扶持资金拨付", D(2021, 12, 31), D(2021, 12, 20)),
             ("项目建成见效", D(2022, 6, 30), None), ("考核验收", D(2022, 8, 31), None)),
         texts=(
             "确定12个试点村和扶持项目", "首批扶持资金拨付到村", "试点村新增集体经济收入150多万元"),
         until=D(2022, 1, 6)),
)

# 难点问题纳入民生实事台账: the project an item in long-term rectification becomes.
ESCALATED = {"suffix": {"infrastructure": "道路及排水设施改造工程",
                        "health": "环境卫生整治提升工程",
                        "convenience": "便民服务设施提升项目",
                        "culture_tourism": "游园景观提升项目",
                        "disaster_rebuild": "水毁设施修复工程", "other": "难点问题整治项目"},
             "batch": 3, "total": 85, "days_ago": 12, "due_in": 200,
             "updates": ((8, 10, 0, "完成现场勘察和改造方案，资金已落实"),
                         (2, 25, 20, "施工单位进场，开始施工"))}
