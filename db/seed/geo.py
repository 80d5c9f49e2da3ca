"""Places: the cities the bank has branches in, their districts, dialling codes and ID area codes.

Every code here is real: district codes are GB/T 2260 administrative division codes (the first six
digits of a resident ID number), dialling codes are the national area codes without the trunk ``0``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class District:
    name: str
    area_code: str  # GB/T 2260, the first six digits of a resident ID number
    postcode: str


@dataclass(frozen=True)
class City:
    name: str  # short name used in branch names: 北京
    province: str
    city: str  # as written in an address: 北京市
    dial_code: str  # national area code without the leading 0; local numbers have 8 digits
    branches: int
    districts: tuple[District, ...]
    roads: tuple[str, ...]  # real main roads, for branch addresses


CITIES: tuple[City, ...] = (
    City(
        "北京",
        "北京市",
        "北京市",
        "10",
        8,
        (
            District("东城区", "110101", "100010"),
            District("西城区", "110102", "100032"),
            District("朝阳区", "110105", "100020"),
            District("丰台区", "110106", "100071"),
            District("石景山区", "110107", "100043"),
            District("海淀区", "110108", "100080"),
            District("通州区", "110112", "101100"),
            District("昌平区", "110114", "102200"),
        ),
        ("建国门内大街", "金融大街", "建国路", "中关村大街", "丰台北路", "石景山路", "新华大街", "府学路"),
    ),
    City(
        "上海",
        "上海市",
        "上海市",
        "21",
        7,
        (
            District("黄浦区", "310101", "200001"),
            District("徐汇区", "310104", "200030"),
            District("长宁区", "310105", "200050"),
            District("静安区", "310106", "200040"),
            District("普陀区", "310107", "200333"),
            District("虹口区", "310109", "200080"),
            District("杨浦区", "310110", "200082"),
            District("浦东新区", "310115", "200120"),
        ),
        ("南京东路", "衡山路", "延安西路", "南京西路", "长寿路", "四川北路", "陆家嘴环路"),
    ),
    City(
        "广州",
        "广东省",
        "广州市",
        "20",
        5,
        (
            District("荔湾区", "440103", "510140"),
            District("越秀区", "440104", "510030"),
            District("海珠区", "440105", "510220"),
            District("天河区", "440106", "510620"),
            District("白云区", "440111", "510405"),
            District("番禺区", "440113", "511400"),
        ),
        ("中山五路", "天河路", "江南大道中", "白云大道北", "东风中路"),
    ),
    City(
        "深圳",
        "广东省",
        "深圳市",
        "755",
        4,
        (
            District("罗湖区", "440303", "518001"),
            District("福田区", "440304", "518033"),
            District("南山区", "440305", "518052"),
            District("宝安区", "440306", "518101"),
            District("龙岗区", "440307", "518116"),
        ),
        ("深南东路", "福华三路", "科技南路", "宝安大道"),
    ),
    City(
        "杭州",
        "浙江省",
        "杭州市",
        "571",
        3,
        (
            District("上城区", "330102", "310002"),
            District("拱墅区", "330105", "310011"),
            District("西湖区", "330106", "310012"),
            District("滨江区", "330108", "310051"),
            District("余杭区", "330110", "311100"),
        ),
        ("解放路", "文三路", "江南大道"),
    ),
    City(
        "成都",
        "四川省",
        "成都市",
        "28",
        3,
        (
            District("锦江区", "510104", "610021"),
            District("青羊区", "510105", "610031"),
            District("金牛区", "510106", "610036"),
            District("武侯区", "510107", "610041"),
            District("成华区", "510108", "610051"),
        ),
        ("春熙路", "人民南路", "蜀汉路"),
    ),
)

# Birthplaces outside the branch cities (people move to the big cities): GB/T 2260 codes.
OTHER_AREA_CODES: tuple[str, ...] = (
    "120101",  # 天津市和平区
    "130102",  # 石家庄市长安区
    "140105",  # 太原市小店区
    "210102",  # 沈阳市和平区
    "220102",  # 长春市南关区
    "230103",  # 哈尔滨市南岗区
    "320102",  # 南京市玄武区
    "320506",  # 苏州市吴中区
    "340104",  # 合肥市蜀山区
    "350203",  # 厦门市思明区
    "360102",  # 南昌市东湖区
    "370102",  # 济南市历下区
    "370202",  # 青岛市市南区
    "410105",  # 郑州市金水区
    "420106",  # 武汉市武昌区
    "430104",  # 长沙市岳麓区
    "440604",  # 佛山市禅城区
    "441302",  # 惠州市惠城区
    "450103",  # 南宁市青秀区
    "500103",  # 重庆市渝中区
    "530102",  # 昆明市五华区
    "610113",  # 西安市雁塔区
    "620102",  # 兰州市城关区
)
# Birthplaces for Uyghur names.
XINJIANG_AREA_CODES: tuple[str, ...] = (
    "650102",  # 乌鲁木齐市天山区
    "650103",  # 乌鲁木齐市沙依巴克区
    "653101",  # 喀什市
)

# Mobile number prefixes (13x/15x/17x/18x/19x) with rough market weights.
MOBILE_PREFIXES: tuple[tuple[str, float], ...] = (
    ("130", 3),
    ("131", 3),
    ("132", 3),
    ("133", 3),
    ("134", 4),
    ("135", 6),
    ("136", 6),
    ("137", 6),
    ("138", 7),
    ("139", 7),
    ("150", 4),
    ("151", 4),
    ("152", 3),
    ("153", 2),
    ("155", 2),
    ("156", 2),
    ("157", 2),
    ("158", 4),
    ("159", 4),
    ("173", 1),
    ("175", 1),
    ("176", 1),
    ("177", 1),
    ("178", 1),
    ("180", 2),
    ("181", 2),
    ("182", 2),
    ("183", 2),
    ("184", 1),
    ("185", 2),
    ("186", 3),
    ("187", 3),
    ("188", 3),
    ("189", 3),
    ("191", 1),
    ("193", 1),
    ("195", 1),
    ("198", 1),
    ("199", 1),
)

EMAIL_DOMAINS: tuple[tuple[str, float], ...] = (
    ("qq.com", 34),
    ("163.com", 22),
    ("126.com", 9),
    ("sina.com", 4),
    ("foxmail.com", 5),
    ("outlook.com", 5),
    ("gmail.com", 4),
    ("139.com", 4),
    ("aliyun.com", 3),
    ("hotmail.com", 2),
    ("sohu.com", 2),
    ("yeah.net", 2),
)

# Residential estates and building words for customer addresses.
ESTATE_WORDS_A = (
    "阳光",
    "金色",
    "翠苑",
    "锦绣",
    "华府",
    "名都",
    "碧水",
    "绿地",
    "万科",
    "保利",
    "世纪",
    "和平",
    "幸福",
    "东方",
    "春天",
    "紫荆",
    "海棠",
    "丽景",
    "御景",
    "新城",
)
ESTATE_WORDS_B = ("花园", "家园", "新村", "公寓", "小区", "苑", "雅居", "嘉园", "城", "府")
