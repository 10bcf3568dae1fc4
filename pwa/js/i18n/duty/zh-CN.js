// duty/zh-CN.js — the words of 丈量 duty on 今日丈量 (丈量日, 我的丈量, check-ins that do
// not count as out, the location state), a part of the field app's catalogue kept in a
// file of its own so that ../zh-CN.js stays within the size every module keeps. Looked
// up as duty.<key> through i18n/t.js like every other text.

export default {
  isDutyDay: '今天是丈量日',
  notDutyDay: '今天不是丈量日',
  inDutyWeek: '本周是丈量周',
  next: '下一个丈量日：{date}',
  stale: '丈量日安排要联网后更新',
  weekdays: '周日,周一,周二,周三,周四,周五,周六',
  dayWithWeekday: '{date}（{w}）',
  mine: '我的丈量 · {m}月',
  daysOut: '到岗 {n} / {of} 天',
  areasCovered: '覆盖分包区域 {n} / {of} 个',
  pendingCheckins: '含本机未同步的签到 {n} 次',
  others: '其他区域（{n} 个）',
  distanceNoFix: '距离未知（没有定位）',
  lastVisit: '上次丈量：{date}',
  neverVisited: '从未丈量',
  due: '待丈量',
  checkedInAt: '今日已签到 {time}',
  checkinWarned: '已签到（{area}），已保存。{why}',
  farOut: '距区域中心 {d}，超出范围，不计入到岗',
  notOwn: '非分包区域，不计入到岗',
  noCentreOut: '该区域没有中心位置，无法核实是否在现场，不计入到岗',
  poorFix: '定位精度 ±{m} 米，超过区域范围',
  geoWaiting: '正在获取定位…',
  geoDenied: '无法获取定位：没有允许本网站使用位置信息',
  geoDeniedHow: '请在浏览器或系统设置中允许本网站使用位置信息，然后点“重试”。',
  geoUnavailable: '暂时无法定位，请到空旷处再点“重试”',
  geoRetry: '重试',
};
