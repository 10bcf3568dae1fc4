"""Coverage of the merge lexicon (sync/lexicon/*.tsv), group by group, on texts written for
this file the way cadres and residents write on a phone: official terms, colloquial
names, effects told instead of the defect, IME typos and spoken verbs.

For each group of the national classification (CJ/T 214 公用设施, 道路交通, 市容环境,
园林绿化, 房屋土地) and of the village campaign (人居环境整治):
- SAME: two wordings of one problem read as the same problem, without conflict;
- CONFLICT: the same object with another defect conflicts (never one automatic merge);
- READS: a colloquial name or effect is read as the canonical object or defect;
- PLACES: place words say where and are never read as the object.
The lexicon is the shipped one; sync.problem.judge and sync.lexicon.conflict decide.
"""

import pytest

from sync.lexicon import analyse, conflict, load
from sync.problem import CONFLICT, SAME_OBJECT, SAME_PROBLEM, judge


def _rows(table: str) -> list[list[str]]:
    """Tab-separated rows of a table string, # lines and blank lines left out."""
    return [line.split("\t") for line in table.strip().splitlines()
            if line.strip() and not line.startswith("#")]


# Two wordings of one problem (first | second).
SAME = """
# 公用设施: 井盖与排水
马葫芦盖没了，晚上走路危险	井盖丢了
窨井盖被人偷了	路中间井盖不见了
井盖松了，车过去哐当一声	井盖松动
井盖一压就响，哐当哐当的	窨井盖松动
雨水箅子丢了	雨水篦子没了
下水道堵了，水下不去	排水沟堵塞
下水道往上返臭味	下水道堵了臭得不行
化粪池满了没人抽	化粪池满溢
排水沟淤泥多，水排不走	边沟淤堵
污水井冒水，漫到路上	检查井往外冒水
# 公用设施: 供水、供电、燃气、供热
自来水管爆了，路上全是水	供水管道破裂漏水
水管子漏了，一直流	自来水管漏水
家里停水两天了	水龙头拧开没水
自来水水压低，楼上上不去水	高层自来水没水
自来水发黄有沙子	自来水浑浊
电线杆子歪了，快倒了	电线杆倾斜
电线耷拉下来，快碰到头了	电线垂落
变压器冒火花	变压器打火
配电箱漏电，麻手	电箱带电
闻到一股煤气味	燃气泄漏
暖气不热，屋里冰凉	暖气温度低
# 公用设施: 照明
晚上出门全靠手电	路灯不亮
路灯一闪一闪的	路灯忽明忽暗
路灯大白天亮着	路灯白天不灭
太阳能路灯晚上不亮	路灯晚上黑着
# 公用设施: 环卫与设施
垃圾箱子满了没人倒	垃圾桶满溢
垃圾桶太少，不够用	垃圾桶数量不足
公厕没水冲不了	厕所停水
公共厕所臭气熏天	公厕异味大
厕所堵了，粪水往外冒	公厕堵塞外溢
健身器材坏了	健身器材损坏
漫步机踏板断了	健身器械破损
篮球架歪了要倒	篮球架倾斜
充电桩充不上电	充电桩故障
电梯困人了	电梯把人关里面了
单元门关不上	单元门关不严
公交站牌信息过时了	站牌线路没更新
指示牌写错了字	指示牌内容错误
广告牌要掉下来了	广告牌脱落
宣传栏玻璃碎了	宣传栏破损
监控坏了好几天了	监控摄像头故障
# 道路交通
路面坑坑洼洼，颠得厉害	道路坑洼不平
马路塌了个坑	路面塌陷
路面开裂，一道道口子	道路裂缝
路面积水，一下雨就成了河	路面积水严重
村道被雨水冲坏了	村道水毁
生产路被大车压坏了	生产路破损
人行道砖松了，一踩一脚水	人行道地砖松动
盲道被车占了	盲道被占用
护栏被车撞坏了	护栏破损
护拦被撞歪了	护栏倾斜
减速带掉了	减速带缺失
斑马线磨没了	斑马线模糊
红绿灯不亮了	信号灯不亮
红绿等坏了	交通信号灯故障
路口绿灯时间太短	信号灯配时不合理
车辆乱停乱放	车子乱停
门口私装地锁	地锁占用车位
桥面塌了一块	桥面塌陷
路边石被撞碎了	马路牙子破损
下雨天路上全是泥	道路泥泞
路面结冰太滑了	路面结冰
路面凹进去一块	路面塌陷
路灯白天灯没关	路灯白天亮着
# 市容环境
门口一堆垃圾好几天没拉走	门口垃圾堆放无人清运
垃圾乱倒，成了垃圾场	暴露垃圾
建筑垃圾乱倒	渣土乱倒
楼道里堆满了杂物	楼道堆放杂物
门口杂物挡住了出口	门口杂物乱堆
私搭乱建彩钢棚	违章搭建
门口违建棚子又往外扩了	违建扩建
占道经营	摊贩占道
路边摆摊卖菜的	占道摆摊
小广告贴得到处都是	乱贴小广告
墙上全是小广告	张贴小广告
横幅乱挂	私挂横幅
饭店油烟扰民	油烟太大，呛人
广场舞音响太吵，睡不着	广场舞噪音扰民
夜间施工扰民	半夜施工吵死了
工地扬尘大，灰很大	施工扬尘
渣土车撒了一路	渣土撒漏
污水横流	污水外溢
沿街晾衣服	乱晾乱晒
狗乱叫，吵得睡不着	犬吠扰民
路口烧纸	上坟烧纸
放鞭炮吵人	燃放烟花爆竹扰民
外墙皮脱落	外墙瓷砖掉下来了
空调外机滴水	空调外机漏水
# 园林绿化
行道树枯死了	行道树干死了
树被风刮倒了	树木倒伏
树上生虫子了	树木病虫害
树枝太长挡住路灯	树枝遮挡路灯
绿化带被踩秃了	绿化带被践踏
绿化带里种菜	毁绿种菜
草坪杂草丛生	杂草疯长
古树身上钉满了钉子	古树被钉钉子
喷泉池水发臭	喷泉水有异味
凉亭瓦片掉落	凉亭脱落
# 房屋土地
屋顶漏雨	房顶漏水
楼顶防水层破了，往屋里滴水	顶层漏雨
危房墙体开裂	老房子墙裂了大缝
院墙倒了	围墙塌了
天花板掉下来了	吊顶脱落
楼道被电动车占了	楼道堵塞
消防通道被占用	占用消防通道
地下室进水了	地下车库倒灌
# 村庄: 人居环境
坑塘水发黑发臭	坑塘黑臭
大坑塘水发绿，蓝藻多	坑塘水体污染
坑塘里的鱼死了	坑塘水发臭
秸秆焚烧	地里烧麦茬
烧秸杆，冒黑烟	焚烧秸秆
门口柴草乱堆	柴火乱堆
猪粪乱堆	粪便乱堆
粪污乱排	畜禽粪污直排
河沟堵了	河道淤堵
河里漂着很多塑料袋	河道漂浮物
旱厕粪坑满了	旱厕满溢
改厕户粪池满了往外渗	户厕外溢
村道晒粮占道	晒粮占道
农药瓶乱扔	农药包装乱丢
空心院杂草丛生	空宅院杂草疯长
散养鸡鸭满街跑	家禽散养
机井没水了	机井不出水
河堤塌了	河堤坍塌
鱼塘里有人电鱼	鱼塘电鱼
# effects and phrasings told instead of the defect
院墙往路上歪，快倒了	院墙倾斜，有倒塌风险
庙会摆摊的把大路堵了	庙会占道经营
家里水龙头一滴也没有	自来水供水中断
自来水水压太小，二楼上不去水	西头供水压力不足
变压器嗡嗡响，晚上声音特别大	变压器噪音大，吵得睡不着
污水站建好了没开，设备都锈了	污水处理站闲置未运行
村南路灯白天长明	路灯大白天亮着
幸福院屋里太冷，暖气片是凉的	暖气不热
古树断枝悬挂	古槐树大枝子劈裂了
村委楼顶大喇叭不出声了	村里广播不响
2号楼楼顶漏水，天花板都泡了	2号楼屋面渗漏
闲置多年的老宅屋顶塌了一半	没人住的老房子屋顶塌了
中街三大堆清理整治	中街柴草乱堆
快递包裹乱堆	门口杂物乱堆
夜市烧烤摊油烟扰民	露天烧烤扰民
6号楼电梯坏了不能用	电梯门口贴着暂停使用
书屋门上的锁都锈了	农家书屋未正常开放
村里的喇叭不出声了	村广播不响
充电桩插上指示灯也不亮	充电桩坏了
东街几户电视看不成，wifi也连不上	东街光缆断了，没网
垃圾中转站好几天没转运	垃圾中转站清运不及时
护栏断了一截	护栏缺失约两米
自来水浑得很，接一盆底下都是沉淀	自来水浑浊
文化墙上的画掉得一块一块的	宣传墙掉皮了
调压箱附近一股臭鸡蛋味	调压箱漏气
消防通道被私家车堵了	消防通道被占用
护学岗没人站	护学岗无人值守
单元门拿砖头顶着，关上就弹开	单元门关不严
渣土车一路撒漏，泥土掉得满路都是	渣土车遗撒
广场舞音响太大，关上窗户都听得见	广场舞噪音扰民
学校门口车辆堵成一锅粥	学校门口车辆拥堵
进村道路倒伏树木阻断交通	进村路上倒了一棵树
寨门楼掉砖，差点砸着人	老寨门门楼砖体松动脱落
游园男厕冲水阀坏了	游园公厕冲水坏了
学校饮水设备故障	学校饮水机坏了
坑塘边私搭了个钓鱼棚	坑塘边违章搭建
北头空地一堆一堆的水泥块子、破瓷砖	北头乱倒建筑垃圾
7号楼前的冬青拔了，种了一畦一畦的葱	7号楼前绿化带毁绿种菜
路口一盏灯都没有	路口没有路灯
村口连个垃圾桶都没有	村口缺少垃圾桶
广场那根灯杆的灯黑了	广场路灯不亮
十字路口地上一个黑洞，拿个破桶扣上了	十字路口井盖丢了
"""


@pytest.mark.parametrize(("a", "b"), _rows(SAME))
def test_two_wordings_of_one_problem_are_the_same_problem(a, b):
    """Colloquial and official wordings, effects and typos of one problem agree."""
    assert conflict(analyse(a), analyse(b)) is None, (a, b)
    assert judge(a, b).verdict == SAME_PROBLEM, (a, b, judge(a, b))
    assert judge(b, a).verdict == SAME_PROBLEM, (b, a, judge(b, a))


# "Broken" (or a generic word) against a specific defect of one object: the same object,
# never a conflict, but not the same problem without more agreement (a camera broken and
# one hidden by branches are two problems), so it joins on what the texts say of it.
BROKEN = """
路登不亮	路灯坏了
楼道里的灯不亮，老人上楼摸黑	楼道声控灯坏了
路灯晚上没开	路灯不亮
残垣断壁没人清	断墙
"""


@pytest.mark.parametrize(("a", "b"), _rows(BROKEN))
def test_broken_against_a_specific_defect_is_the_same_object(a, b):
    """路灯坏了 and 路灯不亮 never conflict, and name the same object."""
    assert conflict(analyse(a), analyse(b)) is None, (a, b)
    assert judge(a, b).verdict in (SAME_OBJECT, SAME_PROBLEM), (a, b, judge(a, b))


# The same object with another defect (first | second | the object they conflict on; two
# objects of one family, either).
CONFLICTS = """
# 公用设施
井盖没了	井盖松动，一压就响	井盖
井盖碎了	井盖不见了	井盖
井盖被沥青盖住了	井盖松了	井盖
下水道盖子丢了	下水道盖子松了，一踩就响	井盖
排水沟堵了	排水沟被冲垮了	排水沟
化粪池满溢	化粪池盖板碎了	化粪池
自来水管漏水	自来水发黄	供水管道,自来水
水龙头坏了漏水	家里水龙头拧开没水	自来水
电线私拉乱接	电线耷拉下来了	电线
电线杆歪了	电线杆被撞断了	电线杆
变压器漏电	变压器噪音大	变压器
燃气管道漏气	燃气管道锈蚀	燃气
路灯不亮	路灯杆歪了	路灯
路灯白天亮着	路灯晚上不亮	路灯
路灯灯罩掉了	路灯闪烁	路灯
楼道灯不亮	楼道灯灯罩碎了	楼道灯
公厕没水	公厕门关不上	公厕
公厕锁着门	公厕太脏	公厕
垃圾桶满了	垃圾桶破了	垃圾桶
垃圾桶被偷了	垃圾桶太脏	垃圾桶
健身器材生锈	健身器材不见了	健身器材
篮球架倾斜	篮板碎了	篮球架
充电桩不能充电	充电桩被撞歪了	充电桩
电梯困人	电梯异响	电梯
门禁关不上	门禁系统被撞倒了	门禁
标识牌写错了	标识牌被撞倒了	标识牌
标识牌褪色看不清	标识牌被树挡住了	标识牌
站牌信息过时	站牌被撞歪了	标识牌
广告牌倒了	广告牌写错了	广告牌
宣传栏玻璃碎了	宣传栏内容过时	宣传栏
监控被树挡住了	监控摄像头被偷了	监控
座椅坏了	座椅被人搬走了	座椅
消防栓漏水	消防栓被撞歪了	消防栓
灭火器过期了	灭火器被偷了	灭火器
# 道路交通
路面塌陷	路面积水	路面
路面坑洼	路面结冰	路面
路面有油污	路面坑坑洼洼	路面
路面塌陷，车过不去	路面积水，车过不去	路面
人行道砖松动	人行道被占用	人行道
盲道被占	盲道砖碎了	人行道
护栏被撞倒了	护栏生锈了	护栏
减速带没了	减速带松了，车过去哐当响	减速带
斑马线看不清了	斑马线设置不合理	斑马线
信号灯不亮	信号灯配时不合理	信号灯
红绿灯被树挡住了	红绿灯坏了不亮	信号灯
桥面塌了	桥面积水	桥梁
车辆乱停	车辆撒漏	车辆
# 市容环境
垃圾堆放	垃圾焚烧	垃圾
垃圾没分类	垃圾乱堆	垃圾
违建没手续	违建被风刮坏了	违建
摊贩占道	摊贩扰民，吆喝声太大	摊贩
油烟扰民	油烟管道漏油	油烟
外墙皮脱落	外墙被涂鸦	外墙
外墙开裂	外墙上有人乱写乱画	外墙
围挡破损	围挡倒了	围挡
彩钢棚顶被风掀了	彩钢棚没手续	彩钢棚
# 园林绿化
树木枯死	树枝太长挡住路灯	树木
行道树倒了	行道树生虫子了	树木
古树被钉钉子	古树枯死	古树
绿化带被踩坏	绿化带被人种了菜	绿化带
喷泉不出水	喷泉池发臭	喷泉
# 房屋土地
屋顶漏水	屋顶塌了	屋顶
房屋墙体开裂	房屋没手续	外墙,房屋
楼道堆放杂物	楼道灯不亮，楼道漏水	楼道
单元门关不上	单元门被撞变形了	单元门
窗户玻璃碎了	窗户关不严漏风	窗户
# 村庄
坑塘边护栏倒了	坑塘边没有护栏	护栏
坑塘有人游泳	坑塘水发绿	坑塘
秸秆焚烧	秸秆乱堆	秸秆
河道淤堵	河道有人非法采砂	河道
旱厕满了	旱厕塌了	旱厕
机井没水了	机井被偷了	机井
路牌写错了字，影响形象	路牌被撞歪了	标识牌
机井抽不上水	机井的井房门坏了	机井
污水处理站院子的大门坏了，一直敞着	污水处理站建好了一直没运行	污水处理站
古树的保护牌子被人拔走了	古树保护牌子写错了	标识牌
单元门门禁坏了，门一直关不上	单元门门禁卡刷不开门	门禁
村里喇叭声音太大扰民	村里喇叭不响了	广播
网线挂得太低，车过去老刮着	网线断了，线头掉在地上	电线
路口监控坏了，调不到录像	路口监控被树枝挡住了	监控
"""


@pytest.mark.parametrize(("a", "b", "obj"), _rows(CONFLICTS))
def test_the_same_object_with_another_defect_conflicts(a, b, obj):
    """Two defects of one object that are two problems: a conflict, never a merge."""
    allowed = {f"defect:{o}" for o in obj.split(",")}   # either object of one family
    assert conflict(analyse(a), analyse(b)) in allowed, (a, b, analyse(a), analyse(b))
    assert conflict(analyse(b), analyse(a)) in allowed, (b, a)
    assert judge(a, b).verdict == CONFLICT and judge(b, a).verdict == CONFLICT, (a, b)


# Neighbours told apart by a place word of the lexicon (first | second | why).
NEIGHBOURS = """
站台往东那边的站牌倒了	站台往西那边的站牌倒了	identifier:side
东行方向的公交站牌歪了	西行方向的公交站牌歪了	identifier:side
河东岸护坡塌了一段	河西岸护坡塌了一段	identifier:side
前街路灯不亮	后街路灯不亮	identifier:front
学校东校门的减速带坏了	学校西校门的减速带坏了	identifier:gate
路口东北拐角的井盖没了	路口西南拐角的井盖没了	identifier:corner
小桥上游河面垃圾多	桥下游河湾里漂着垃圾	identifier:reach
"""


@pytest.mark.parametrize(("a", "b", "why"), _rows(NEIGHBOURS))
def test_neighbours_told_apart_by_place_words_conflict(a, b, why):
    """The same problem on two sides, gates or corners is two problems."""
    assert conflict(analyse(a), analyse(b)) == why and conflict(analyse(b), analyse(a)) == why


# A colloquial name, dialect word or typo and the canonical object it stands for.
OBJECTS = """
马葫芦盖没了	井盖
雨水篦子丢了	雨水箅子
电力井盖碎了	电力井盖
下水到堵了	排水沟
臭水沟发臭	排水沟
化粪井满了	化粪池
路边的灯不亮	路灯
路登坏了	路灯
草坪灯不亮	草坪灯
红绿等坏了	信号灯
电线杆子倒了	电线杆
电线竿歪了	电线杆
光缆垂下来了	光缆
高压铁塔下面有人烧荒	电力塔
煤气罐漏气	液化气罐
拉圾桶满了	垃圾桶
垃圾箱子破了	垃圾桶
垃圾池满了	垃圾池
公测没水	公厕
茅房太脏	旱厕
改厕户的厕所坏了	户厕
蓝球架倒了	篮球架
秋千坏了	游乐设施
大喇叭不响了	广播
丰巢快递柜坏了	快递柜
护拦断了	护栏
马路牙子碎了	路沿石
黄黑杠杠掉了	减速带
共享单车乱停	共享单车
电瓶车乱停	电动车
拉土车撒漏	渣土车
收割机乱停在路上	农机具
垃级乱倒	垃圾
碎砖烂瓦乱堆	建材
旧沙发乱扔	废旧家具
农药瓶乱扔	农业废弃物
彩钢房顶被风掀了	彩钢棚
卖菜的占道	摊贩
流浪狗咬人	犬只
死猪没人处理	动物尸体
散煤乱堆	散煤
古槐树被钉钉子	古树
花池被踩坏	花坛
房顶漏雨	屋顶
天花板往下掉渣	吊顶
院墙倒了	围墙
断壁残垣没人清理	残垣断壁
空宅子杂草丛生	杂草
玉米秆堆在门口	秸秆
柴火垛乱堆	柴草
鸡粪乱堆	畜禽粪污
驿站门口快递包裹乱堆	杂物
藕塘发臭	鱼塘
沟渠堵了	河道
河堤塌了一段	河堤
# sub-parts with problems of their own: a signal's countdown, a door's closer, a play
# area's rubber floor
小区门口红绿灯的读秒屏黑了	倒计时
单元门上的闭门器漏油了	闭门器
广场上的塑胶垫鼓包了	塑胶地面
# the loudspeaker, a library room, a school playground, a kiln's clay pit, a shed that
# is not said to be illegal
村里的喇叭光响不出声	广播
农家书屋一直锁着门	书屋
学校操场坑坑洼洼	操场
废弃窑坑积水很深	矿坑
公交站连个遮雨的棚子都没有	棚子
# a kiosk's waiting shelter, a propaganda wall, rubble, dogs, a village gate, a
# manhole's mouth, a toilet's flush valve, drinking water equipment, pig slurry, hawkers
村口公交站点缺少候车设施	公交站亭
宣传墙掉皮了	文化墙
空地上一堆水泥块子	建材
那条黑狗追着咬人	犬只
后街畜禽散养	家禽
冬青被拔了	绿化带
老寨门年久失修	门楼
路当中有个下水井口敞着	井盖
男厕冲水阀坏了	公厕
学校饮水设备故障	直饮水
塘边私搭了个钓鱼棚	棚子
猪粪水往沟里放	污水
学校门口围一圈推车的	摊贩
墙上贴满了办证的通下水道的	小广告
校门口全是卖炸串的	摊贩
"""


@pytest.mark.parametrize(("text", "obj"), _rows(OBJECTS))
def test_colloquial_names_read_as_the_object(text, obj):
    """The canonical object of a colloquial name, a dialect word or an IME typo."""
    assert obj in analyse(text).objects, (text, analyse(text))


# An effect, spoken form or colloquial defect and the canonical defect it stands for.
DEFECTS = """
晚上出门全靠手电	不亮
晚上黑咕隆咚的	不亮
一到晚上伸手不见五指	不亮
一下雨就成了河	积水
下雨天门口能养鱼	积水
臭得不行	发臭
一股尿骚味	发臭
车过去哐当一声	松动
地砖一踩就动	松动
好几天没拉走	无人清理
垃圾没人管	无人管理
灯杆快倒了	倾斜
水龙头拧开一滴水都没有	不出水
水压小，楼上上不去水	水压低
地上全是油	油污
苍蝇乱飞	蚊蝇
夏天蚊子多	蚊蝇
墙皮往下掉渣	脱落
牌子上的字都磨没了	模糊
门口被堵住了	堵塞
放学时校门口堵车	拥堵
树枝刮人	疯长
挂满了横幅	乱挂
贴满了小广告	乱贴
呛得慌	呛人
灰太大了	起尘
黄土没盖防尘网	未覆盖
拆了又建	搭建
没有手续	无手续
私自砍伐	砍伐
井盖比路面低	高差
电子屏黑屏了	显示异常
广播没声音	不响
杨絮乱飞	飞絮
冬天路滑容易摔	结冰
小孩在坑塘玩水	野泳
路牌被树挡了，看不清字	遮挡
院墙存在倒塌隐患	倾斜
把大路堵了	拥堵
水龙头拧开一滴也没有	不出水
机井抽不上水	不出水
三组供水中断	不出水
供水压力不足	水压低
变压器嗡嗡响	扰民
晚上轰隆轰隆的	扰民
存在触电隐患	影响
井房门坏了	关不严
调压箱的门一直敞着	关不严
路边那条沟敞着口	缺失
双杠锈得厉害	锈蚀
晚上两眼一抹黑	不亮
路灯黑了好几天	不亮
书屋未正常开放	不开放
快递箱子摞得比人高	堆放
门禁卡刷不开门	开不了门
单元门的门打不开	开不了门
电视看不成	信号差
wifi连不上	信号差
插上半天指示灯也不亮	故障
门口摁喇叭摁个不停	扰民
书屋门上的锁都锈了	不开放
护学岗早上没人值守	不开放
线头耷拉在地上	脱落
出了事调不到录像	显示异常
好几天没转运	无人清理
减速带缺了几截	残缺
螺丝冒着头	残缺
寨门楼掉砖	脱落
墙上的画掉得一块一块的	脱落
撕了又贴	乱贴
北门口那个坑越来越大了	坑洼
南门出去就是个坑	坑洼
一过车就扬灰	起尘
一股臭鸡蛋味	漏气
一下雨就得拿盆接	漏水
阀门那里往外呲水	漏水
墙角长黑毛	发霉
热水器打不着火	故障
水龙头就那么一细流	水压低
饮水机不出热水	不热
壶底一层红渣子	浑浊
一排车横着竖着停	乱停
幸福院门前长期停车	乱停
那家的狗见人就扑	伤人
养猪的把粪水往沟里放	乱排
塘边新起了一间铁皮房子	搭建
一畦一畦的葱和白菜	种菜
沟里黑水冒泡	水体污染
连个遮雨的棚子都没有	缺失
盖房子手续都没有	无手续
那根灯杆的灯黑了	不亮
井口拿个破桶扣上了	缺失
电动车插上去灯不亮	故障
"""


@pytest.mark.parametrize(("text", "defect"), _rows(DEFECTS))
def test_effects_and_spoken_forms_read_as_the_defect(text, defect):
    """The canonical defect of an effect, a spoken verb or a colloquial form."""
    assert defect in analyse(text).defects, (text, analyse(text))


# Whole reports and the problem they must be read as (object·defect): agents after 被,
# verbs written before their object, landmarks, effects told in the next clause.
PROBLEMS = """
王家门口的下水道口被树叶堵住了，一下雨就漫到院子里	排水沟·堵塞
小区内的消防通道被私家车占满了	楼道·占道
楼道被电动车占了	楼道·占道
学校门口红绿灯倒计时不显示	倒计时·显示异常
生产路被大车压坏了	生产路·破损
业主在楼顶私自搭了个彩钢房	彩钢棚·搭建
东街的路灯杆被大风刮倒了，横在路边	路灯·倾斜
后街老刘家院墙裂了一道大缝，往路上歪	围墙·倾斜
村东头的空宅子院墙倒了一半，里面全是杂草	围墙·塌陷
路中间有个井没有盖	井盖·缺失
这段路的路灯只有一半亮	路灯·不亮
村里的自来水这两天一直是浑的	自来水·浑浊
窨井盖被人偷了	井盖·缺失
电梯把人关里面了	电梯·困人
树枝太长挡住路灯	树木·遮挡
河里全是瓶子袋子，水都看不见了	垃圾·堆放
景区厕所拧开龙头一滴水都没有	公厕·不出水
村口彩钢棚顶板被风刮起	彩钢棚·破损
卫生室后面有人烧垃圾，黑烟呛得人受不了	垃圾·焚烧
小巷子里的电线跟蜘蛛网似的	电线·私拉
快递柜屏幕黑屏了用不了	快递柜·显示异常
垃圾中转站往外流黑水	污水·外溢
养猪的把粪水往沟里放，沟里都黑了	河道·水体污染
进村道路倒伏树木	树木·倾斜
"""


@pytest.mark.parametrize(("text", "problem"), _rows(PROBLEMS))
def test_whole_reports_are_read_as_their_problem(text, problem):
    """The object and defect of a whole report, however it is told."""
    obj, defect = problem.split("·")
    assert (obj, defect) in analyse(text).problems, (text, analyse(text))


# Place words that say where: the objects the text is about, and none of the place's.
PLACES = """
卫生室门口垃圾乱堆	垃圾
学校门口摊贩占道	摊贩
村委会后面的路灯不亮	路灯
公交站旁边的垃圾桶满了	垃圾桶
河南路口井盖没了	井盖
东沟村口垃圾成堆	垃圾
小河村委会门口积水	-
农贸市场西门路面塌陷	路面
文化广场东北角路灯不亮	路灯
党群服务中心门前台阶破损	台阶
便民服务点门口充电桩没电	充电桩
村北地里有人焚烧秸秆	秸秆
南地田边乱倒垃圾	垃圾
沟边乱倒垃圾	垃圾
墙根底下堆满杂物	杂物
房前屋后柴草乱堆	柴草
公厕旁边乱堆垃圾	垃圾
树下乱堆杂物	杂物
电线杆上贴满小广告	小广告
河道里漂浮垃圾多	垃圾
桥头路灯不亮	路灯
十字路口红绿灯坏了	信号灯
校门口黄闪灯不亮	警示灯
路口红绿灯倒计时不显示	倒计时
庙会烧烤摊油烟扰民	油烟
大槐树村东地机井抽不上水	机井
白杨树村村口大杨树枯死了	树木
大杨树底下有人堆柴火	柴草
陈家楼村农家书屋屋顶漏雨	书屋,屋顶
"""


@pytest.mark.parametrize(("text", "objects"), _rows(PLACES))
def test_place_words_are_not_read_as_objects(text, objects):
    """Roads, villages, gates, corners and landmarks say where, not what is wrong
    (- when the text names no object at all)."""
    expected = set() if objects == "-" else set(objects.split(","))
    assert analyse(text).objects == expected, (text, analyse(text))


def test_the_lexicon_is_as_wide_as_promised():
    """At least 220 objects, 120 defects and 40 events, each canonical its own surface."""
    lex = load()
    kinds: dict[str, set[str]] = {}
    for surface, entry in lex.entries.items():
        kinds.setdefault(entry.kind, set()).add(entry.canonical)
        if entry.kind in ("object", "defect"):
            assert lex.entries.get(entry.canonical, entry).canonical == entry.canonical, surface
    assert len(kinds["object"]) >= 220 and len(kinds["defect"]) >= 120
    assert len(kinds["event"]) >= 40
    assert {"故障", "无人管理", "影响"} <= lex.generic


def test_implied_defects_name_known_defects():
    """An object's implied defect (垃圾 > 堆放) is a defect of the lexicon."""
    lex = load()
    defects = {e.canonical for e in lex.entries.values() if e.kind == "defect"}
    assert lex.implied and set(lex.implied.values()) <= defects


# A sub-part named in one report and its owner in the other are two objects.
SUB_PARTS = """
红绿灯倒计时不显示	红绿灯不亮了
单元门闭门器坏了，门关不上	单元门门禁刷卡没反应
游园塑胶垫翻起来了	游园秋千链子断了
"""


@pytest.mark.parametrize(("a", "b"), _rows(SUB_PARTS))
def test_a_sub_part_is_its_own_object(a, b):
    """A part with problems of its own is never the same problem as its owner's."""
    assert judge(a, b).verdict != SAME_PROBLEM, judge(a, b)
