// publication/zh-CN.js — the console's texts for 公开 on an item page: whether and why
// the item is public, the original beside the public text with what was hidden, the
// office's edit and 不公开 switch, the public page and 公示牌, and the timeline's events.
// A file of its own for size; the console catalogue imports it as `publication`.

export default {
  title: '公开',
  state: {
    public: '已公开：群众可在公开页面查看本条的整改进度',
    not_accepted: '未公开：尚未受理（待交办、不予受理和已合并的条目不公开）',
    hidden: '未公开：已设为不公开',
  },
  hiddenReason: '不公开理由：{r}',
  updated: '最近修改：{name}，{at}',
  original: '上报原文', source: '公开文字底稿（办公室修改）', text: '公开文字（群众看到的）',
  edited: '公开文字已由办公室修改，系统对修改稿同样隐去个人信息。',
  originalBelow: '上报原文',
  found: '隐去个人信息 {n} 处：{list}', foundNone: '未发现需要隐去的个人信息',
  kindCount: '{kind} {n} 处',
  kinds: {
    phone: '电话', id_card: '身份证号', plate: '车牌', email: '邮箱', wechat: '微信', qq: 'QQ',
    bank_card: '银行卡', house: '门牌', name: '姓名',
  },
  edit: '编辑公开文字', editLabel: '公开文字',
  editHint: '保存后系统会再次隐去电话、身份证号、门牌、姓名等个人信息，手工输入的也不会公开。',
  save: '保存公开文字', restore: '恢复原文', needText: '公开文字不能为空；要改回上报原文，请点“恢复原文”',
  hideTitle: '设为不公开（需填写理由）', hideLabel: '不公开理由', hideHint: '例如：涉及个人隐私，或问题涉及未成年人',
  hide: '设为不公开', release: '恢复公开', needReason: '请填写不公开的理由',
  readOnly: '公开文字和不公开由台账管理员设置。',
  view: '在公开页面查看', placard: '打印公示牌', placardPdf: '下载公示牌 PDF', doPrint: '打印',
  placardFrame: '公示牌', placardName: '公示牌_{id}.pdf', placardLoading: '正在生成公示牌…',
  done: { text: '公开文字已保存', restore: '已恢复为上报原文', hide: '已设为不公开', release: '已恢复公开' },
  actions: { publication: '公开设置' },
  event: {
    edit: '修改公开文字', restore: '恢复原文', hide: '设为不公开', release: '恢复公开',
    text: '公开文字底稿：{t}', reason: '不公开理由：{r}',
  },
  errors: {
    reason_required: '请填写不公开的理由', forbidden: '只有台账管理员可以修改公开设置',
    not_public: '该条目目前不公开，不能打印公示牌',
  },
};
