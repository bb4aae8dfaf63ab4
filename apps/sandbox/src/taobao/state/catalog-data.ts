/** Plausible shop and buyer data the seeded generator draws from (invented, not real people or places). */

export interface ProductTemplate {
  title: string;
  code: string;
  cid: number;
  priceFen: number;
  /** Property name and its values; empty means the item has no SKUs. */
  dimensions: Array<{ name: string; values: Array<{ label: string; code: string }> }>;
}

export const PRODUCTS: readonly ProductTemplate[] = [
  {
    title: '纯棉圆领短袖T恤 男女同款',
    code: 'TEE',
    cid: 50000436,
    priceFen: 5900,
    dimensions: [
      {
        name: '颜色分类',
        values: [
          { label: '黑色', code: 'BLK' },
          { label: '白色', code: 'WHT' },
        ],
      },
      {
        name: '尺码',
        values: [
          { label: 'M', code: 'M' },
          { label: 'L', code: 'L' },
          { label: 'XL', code: 'XL' },
        ],
      },
    ],
  },
  {
    title: '316不锈钢保温杯 500ml',
    code: 'CUP',
    cid: 50016348,
    priceFen: 8900,
    dimensions: [
      {
        name: '颜色分类',
        values: [
          { label: '雾蓝', code: 'BLU' },
          { label: '奶白', code: 'CRM' },
        ],
      },
    ],
  },
  { title: '手工皂 橄榄油滋润型 100g', code: 'SOAP', cid: 50010788, priceFen: 1990, dimensions: [] },
  {
    title: '帆布托特包 大容量通勤',
    code: 'BAG',
    cid: 50012010,
    priceFen: 12800,
    dimensions: [
      {
        name: '颜色分类',
        values: [
          { label: '米色', code: 'BEI' },
          { label: '军绿', code: 'GRN' },
          { label: '藏青', code: 'NVY' },
        ],
      },
    ],
  },
  { title: '云南小粒咖啡豆 中度烘焙 454g', code: 'BEAN', cid: 50026800, priceFen: 6850, dimensions: [] },
  {
    title: '蓝牙耳机 半入耳式 长续航',
    code: 'BUDS',
    cid: 50005050,
    priceFen: 19900,
    dimensions: [
      {
        name: '套餐类型',
        values: [
          { label: '官方标配', code: 'STD' },
          { label: '加购充电仓', code: 'CASE' },
        ],
      },
    ],
  },
];

export const BUYER_NICKS: readonly string[] = [
  '小鹿乱撞2019',
  'tb_苏打绿',
  '晴天的猫',
  '阿杰不吃辣',
  'momo妈妈',
  '北漂小王',
  '一只柠檬精',
  '周末去爬山',
  'tb98237451',
  '江南烟雨',
];

export const RECEIVER_NAMES: readonly string[] = [
  '张伟',
  '王芳',
  '李娜',
  '刘洋',
  '陈静',
  '杨帆',
  '赵磊',
  '黄丽',
];

export const REGIONS: ReadonlyArray<{
  state: string;
  city: string;
  district: string;
  town: string;
  zip: string;
}> = [
  { state: '浙江省', city: '杭州市', district: '西湖区', town: '文新街道', zip: '310012' },
  { state: '上海', city: '上海市', district: '浦东新区', town: '张江镇', zip: '201203' },
  { state: '广东省', city: '深圳市', district: '南山区', town: '粤海街道', zip: '518057' },
  { state: '北京', city: '北京市', district: '朝阳区', town: '望京街道', zip: '100102' },
  { state: '四川省', city: '成都市', district: '武侯区', town: '玉林街道', zip: '610041' },
  { state: '江苏省', city: '南京市', district: '鼓楼区', town: '湖南路街道', zip: '210009' },
];

export const STREETS: readonly string[] = [
  '文一西路',
  '科技园南路',
  '望京西路',
  '人民南路',
  '中山北路',
  '学院路',
];

export const BUYER_MESSAGES: readonly string[] = [
  '请尽快发货，谢谢',
  '不要放快递柜，打电话',
  '送人的，不要放价格单',
  '周末也可以收货',
];

export const REFUND_REASONS: readonly string[] = [
  '拍错/多拍/不想要',
  '尺码不合适',
  '商品质量问题',
  '未按约定时间发货',
];

/** Courier codes accepted by taobao.logistics.offline.send in the sandbox (as returned by logistics.companies.get). */
export const COMPANY_CODES: Readonly<Record<string, string>> = {
  POST: '中国邮政',
  EMS: 'EMS',
  SF: '顺丰速运',
  ZTO: '中通快递',
  YTO: '圆通速递',
  STO: '申通快递',
  YUNDA: '韵达快递',
  ZJS: '宅急送',
  HTKY: '百世快递',
  JD: '京东快递',
  OTHER: '其他',
};
