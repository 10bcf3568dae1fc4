"""Names, places and problems for the demo, taken from the report that describes the practice.

Coordinates are plausible positions around 新郑市 (34.39 N, 113.74 E), not survey data.
"""

CATEGORIES = [
    ("convenience", "便民服务"),
    ("infrastructure", "城乡基础设施建设"),
    ("health", "健康卫生"),
    ("culture_tourism", "文化旅游"),
    ("disaster_rebuild", "灾后重建"),
    ("other", "其他"),
]

DEPARTMENTS = ["住建局", "卫健委", "教育局", "城管局", "自然资源和规划局", "交通运输局",
               "市场监管局", "政务服务和大数据管理局", "文化广电和旅游局", "水利局"]

# township: (lat, lon, [(area name, kind, dlat, dlon, radius_m)])
TOWNSHIPS = {
    "新建路街道": (34.3960, 113.7380, [
        ("东街社区", "community", 0.0030, 0.0040, 600),
        ("中华路", "road", -0.0010, 0.0020, 900),
        ("子都园游园", "project", 0.0050, -0.0030, 300),
    ]),
    "龙湖镇": (34.4700, 113.7150, [
        ("郭老庄", "village", 0.0040, -0.0060, 800),
        ("三里岗社区", "community", -0.0050, 0.0030, 700),
        ("祥和路", "road", 0.0010, 0.0080, 1000),
    ]),
    "郭店镇": (34.5310, 113.7420, [
        ("常家庄社区", "community", 0.0030, 0.0020, 700),
        ("大旺商农贸市场", "enterprise", -0.0020, -0.0040, 250),
    ]),
    "城关乡": (34.3820, 113.7620, [
        ("香江龙湾社区", "community", 0.0020, -0.0020, 600),
        ("李唐庄社区", "community", -0.0040, 0.0050, 700),
    ]),
    "梨河镇": (34.3450, 113.8050, [("梨河村", "village", 0.0020, 0.0010, 900)]),
    "观音寺镇": (34.3200, 113.6850, [("观音寺村", "village", 0.0010, -0.0020, 900)]),
    "和庄镇": (34.4050, 113.6300, [("和庄村", "village", -0.0020, 0.0020, 900),
                                 ("灾后重建道路（和庄段）", "road", 0.0040, 0.0030, 1200)]),
    "孟庄镇": (34.4550, 113.7900, [("孟庄村", "village", 0.0030, 0.0010, 900)]),
}

# (category, description, severity)
PROBLEMS = [
    ("infrastructure", "小区门口窨井盖缺失，夜间行人容易踩空，存在安全隐患", "urgent"),
    ("infrastructure", "老旧小区楼道灯长期不亮，居民上下楼不方便", "normal"),
    ("infrastructure", "路边私搭乱建彩钢棚占用人行道", "normal"),
    ("infrastructure", "路面坑洼积水，电动车经过容易滑倒", "urgent"),
    ("infrastructure", "路口护栏被撞坏一段，一直没人修", "normal"),
    ("convenience", "游园健身器材损坏，螺丝松动，老人不敢用", "normal"),
    ("convenience", "游园直饮水点出水口堵塞，夏天没水喝", "normal"),
    ("convenience", "公交线路调整后站点太远，老人出行不便", "normal"),
    ("convenience", "社区便民服务中心周末不开门，办事要请假", "normal"),
    ("health", "农贸市场后面垃圾堆放多日无人清运，气味很大", "urgent"),
    ("health", "社区卫生服务站缺少常用药，慢性病人要跑远路", "normal"),
    ("health", "小区化粪池外溢，污水流到路面", "urgent"),
    ("culture_tourism", "游园景观灯损坏，晚上一片黑", "normal"),
    ("culture_tourism", "景区指示牌字迹褪色看不清", "normal"),
    ("disaster_rebuild", "灾后重建道路一侧边坡塌方，还没有加固", "urgent"),
    ("disaster_rebuild", "水毁桥涵临时便道坑多，大车过不去", "urgent"),
    ("other", "小区物业撤场后无人管理，门岗无人值守", "normal"),
    ("other", "农村饮水管道漏水，村民用水压力小", "normal"),
]

PEOPLE = {
    "cadre": [("cadre", "张伟"), ("cadre2", "李娜"), ("cadre3", "王强"), ("cadre4", "赵敏")],
    "handler": [("handler", "刘洋"), ("handler2", "陈静"), ("handler3", "杨帆")],
    "supervisor": [("supervisor", "黄磊"), ("supervisor2", "周婷")],
    "office": [("office", "吴霞"), ("office2", "郑凯")],
    "admin": [("admin", "系统管理员")],
}

LEADERS = ["市长 马建国", "常务副市长 孙立群", "市委副书记 高红梅"]
RESIDENTS = ["王大爷", "李阿姨", "张师傅", "刘奶奶", "陈先生"]
