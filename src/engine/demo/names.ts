import type { Rng } from './rng';

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '欧阳', '司马',
];
const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '英', '华', '玉', '萍', '红', '鹏', '辉', '浩', '宇', '轩', '子', '涵', '梓', '欣', '怡', '博', '文', '晨',
  '思', '雨', '佳', '嘉', '俊', '昊', '然', '一', '诺', '可', '馨', '泽', '瑞', '凯', '婷', '雪', '琳', '鑫', '阳', '晓',
];
const CITIES = ['杭州', '深圳', '广州', '上海', '北京', '成都', '武汉', '南京', '厦门', '西安', '苏州', '长沙', '重庆', '福州', '合肥'];
const BRANDS = [
  '星辰', '云游', '聚力', '千帆', '乐玩', '趣动', '蓝海', '速通', '易购', '天启', '凌云', '风行', '卓越', '锐意', '领航',
  '极光', '盛世', '优品', '掌上', '点石', '灵犀', '博远', '启明', '鼎盛',
];
const TRADES = ['网络科技有限公司', '信息技术有限公司', '数字科技有限公司', '电子商务有限公司', '软件有限公司', '游戏工作室'];

/** 姓 + one or two characters of 名. */
export function personName(rng: Rng): string {
  const given = rng.pick(GIVEN);
  return rng.pick(SURNAMES) + (rng.chance(0.6) ? given + rng.pick(GIVEN) : given);
}

/** 城市 + 字号 + 行业, e.g. 杭州星辰网络科技有限公司. */
export function enterpriseName(rng: Rng): string {
  return rng.pick(CITIES) + rng.pick(BRANDS) + rng.pick(TRADES);
}

/** Order categories of a 卡盟 with rough shares (cumulative weights). */
const CATEGORIES = ['游戏点卡', '话费充值', '视频会员', '软件激活码', '礼品卡', '游戏道具'] as const;
const CATEGORY_CUTS = [0.34, 0.56, 0.72, 0.84, 0.93, 1];

export function category(rng: Rng): string {
  const u = rng.next();
  let k = 0;
  while (u >= CATEGORY_CUTS[k]!) k++;
  return CATEGORIES[k]!;
}
