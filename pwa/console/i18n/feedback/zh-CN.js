// feedback/zh-CN.js — the console's texts for 群众评议: the page listing what residents
// said about items' progress, its filters, and the section on an item's page. A file of
// its own for size; the console catalogue imports it as `feedback`.

export default {
  title: '群众评议',
  hint: '群众在公开页面上对整改进度的评价。公开页面只显示各项评价的条数，群众意见只在办公端查看。',
  ratings: { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' },
  rating: '评价', afterClose: '销号前后', item: '台账编号', any: '全部', submit: '查询', reset: '清空条件',
  when: { true: '销号后', false: '销号前' },
  total: '共 {n} 条', empty: '没有符合条件的群众评议', noText: '（未留言）',
  cols: {
    at: '评议时间', item: '台账', township: '乡镇（街道）', rating: '评价', text: '群众意见',
    then: '评议时状态', now: '当前状态',
  },
  afterCloseChip: '销号后评议',
  itemTitle: '群众评议（{n}）', none: '暂无群众评议',
  counts: { satisfied: '满意 {n}', basic: '基本满意 {n}', unsatisfied: '不满意 {n}' },
  listed: '仅列出最近 {n} 条', all: '在“群众评议”中查看本条的全部评议',
  unsatisfiedAfterClose: '销号后有群众不满意，月督导清单将列入本条回头看',
};
