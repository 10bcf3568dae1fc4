// cadres/zh-CN.js — the console's texts for 干部评价 (评价考核) on the reports page: the
// period picker's five forms, the table of cadres and the pooled townships and units. A
// file of its own for size; the console catalogue imports it as `cadres`.

export default {
  form: '评价周期', year: '年份', part: '期间',
  forms: { month: '月度', bimonth: '双月', quarter: '季度', half: '半年', year: '年度' },
  month: '{m}月', bimonth: '{a}—{b}月', quarter: '第{q}季度', half: { 1: '上半年', 2: '下半年' },
  cadres: '干部评价（共 {n} 人）', none: '本期没有参加评价的干部', townships: '各乡镇（街道）',
  units: '各单位', rules: '计分规则', outOf: '{a}/{b}',
  cols: {
    rank: '名次', name: '姓名', township: '乡镇（街道）', unit: '单位', attendance: '到岗',
    coverage: '覆盖', reports: '上报/采纳', closed: '销号', score: '得分', group: '名称',
    cadres: '干部人数', note: '说明',
  },
  titles: {
    attendance: '到岗天数/应到岗天数（到岗率）', coverage: '已丈量区域/分包区域（覆盖率）',
    reports: '上报数/采纳数（上报采纳率）', closed: '含本人上报、本期销号的台账条目数',
  },
};
