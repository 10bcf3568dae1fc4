// projects/zh-CN.js — the words of 民生实事 projects in the field app: the handler's
// 我单位的项目 list, the project page (节点, 进展), the 填报进展 form, what the phone and the
// server refuse in it and what to do about a refusal. A part of the field app's
// catalogue kept in a file of its own so that ../zh-CN.js stays within the size every
// module keeps. Looked up as projects.<key> through i18n/t.js; `tabs`, `tabLabels`,
// `codes` and `fields` are also spread into the main catalogue's lists of the same name,
// where the shell and the shared error words look.

export default {
  tabs: { projects: '我单位的项目', project: '项目详情' },
  tabLabels: { projects: '单位项目' },
  status: { planned: '未开工', in_progress: '在建', completed: '已完工', in_use: '已投用',
    closed: '已销号' },
  batch: '第{n}批',
  digits: '零一二三四五六七八九十', // batch numbers as an office writes them: 第十二批
  leaderLed: '领导领办',
  leader: '领办领导',
  late: '节点滞后 {n} 个',
  percent: '形象进度 {n}%',
  investment: '完成投资 {done} / {total} 万元',
  investmentRate: '（{rate}%）',
  next: '下一节点：{name} · {date}',
  nextLate: '下一节点：{name} · {date}，已滞后',
  allDone: '节点已全部完成',
  noMilestones: '未设节点',
  mineUnsynced: '含本机未同步的进展',
  empty: '暂无本单位的民生实事项目',
  noUnit: '您的账号没有所属单位，请联系管理员设置',
  notKept: '项目信息还没有下载到手机上，请联网同步后再看',
  keptAt: '项目信息更新于 {time}，联网同步后更新',
  myRecords: '我的进展填报（未同步或被拒收）',
  open: '查看项目',
  // the project page
  back: '返回',
  notFound: '没有找到该项目，或不是本单位的项目',
  facts: {
    batch: '批次', category: '类别', unit: '责任单位', leader: '领办领导', start: '计划开工',
    due: '计划完成', overBudget: '超出总投资的原因',
  },
  milestones: '节点（倒排工期）',
  milestoneDue: '计划 {date}',
  milestoneDone: '{date} 完成',
  milestoneLate: '已滞后',
  history: '进展记录',
  historyNone: '还没有填报过进展',
  historyLine: '形象进度 {percent}% · 累计完成投资 {done} 万元',
  by: '{name} · {time}',
  photoCount: '{n} 张照片',
  local: '本机记录',
  closedNote: '项目已销号，不再填报进展',
  pendingNote: '进展已保存在手机上，联网后自动上传；可以继续填报下一条',
  // the 填报进展 form
  form: {
    title: '填报进展',
    text: '进展情况',
    textHint: '写明本次完成了哪些工作，可点击键盘上的话筒用语音输入',
    percent: '形象进度（%）',
    percentHint: '现为 {n}%，不改可不填',
    done: '累计完成投资（万元）',
    doneHint: '现为 {done} 万元，总投资 {total} 万元，不改可不填',
    reason: '超出总投资的原因',
    reasonHint: '累计完成投资超过总投资时必须写明原因，如设计变更、工程量增加',
    photos: '现场照片（最多 {max} 张）',
    gps: '定位',
    gpsWaiting: '正在定位…没有定位也可以保存',
    gpsFix: '已定位，精度约 ±{m} 米',
    save: '提交进展',
    saving: '正在保存…',
  },
  // what the phone checks before saving (the server's rule, in the server's order)
  need: {
    text: '请填写进展情况',
    percentNumber: '形象进度请填 0 到 100 之间的整数',
    doneNumber: '累计完成投资请填数字（单位：万元，最多两位小数）',
  },
  // why a progress update is refused, by the phone or by the server
  why: {
    percent_decreased: '形象进度 {given}% 低于项目已填报的 {percent}%，进度只能增加',
    investment_decreased: '累计完成投资 {given} 万元低于项目已填报的 {done} 万元，投资只能增加',
    over_budget: '累计完成投资 {done} 万元超过总投资 {total} 万元，请写明超出的原因',
    closed: '项目已销号，不再接受进展填报',
    range: '形象进度应在 0 到 100 之间，完成投资不能为负数',
  },
  advice: {
    fix: '您可以：到“我单位的项目”里按项目现在的进度重新填报，再删除这条记录。',
    done: '这个项目已经销号，不再需要填报进展，这条记录可以删除。',
  },
  // spread into the main catalogue: errors.codes.<code>, errors.fields.<name>
  codes: {
    percent_decreased: '形象进度只能增加，不能低于项目已填报的进度',
    investment_decreased: '累计完成投资只能增加，不能低于已填报的数',
    over_budget: '累计完成投资超过总投资，需要写明原因',
  },
  fields: { text: '进展情况', percent: '形象进度', investment_done_wan: '累计完成投资',
    over_budget_reason: '超出总投资的原因', project_id: '项目' },
};
