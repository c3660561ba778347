#include "caravan/registry/countries.h"

#include <algorithm>

namespace caravan::registry {

namespace {

// ISO 3166-1 alpha-3 then alpha-2, sorted by alpha-3, 6 chars each (Debian's iso-codes 4.15,
// /usr/share/iso-codes/json/iso_3166-1.json: the 249 assigned codes).
constexpr std::string_view kIso =
    "ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT "
    "AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO "
    "BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG "
    "COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO "
    "DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB "
    "GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY "
    "HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT "
    "JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY "
    "LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH "
    "MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA "
    "NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE "
    "PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA "
    "SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR "
    "SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO "
    "TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG "
    "VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW "    ;

// ICAO 9303 Part 3's codes that are not ISO alpha-3 and name a state Caravan knows by alpha-2.
struct icao_code {
  std::string_view icao_;
  std::string_view alpha2_;
};
constexpr icao_code kIcaoOnly[] = {
    {"D", "DE"}, {"GBD", "GB"}, {"GBN", "GB"}, {"GBO", "GB"}, {"GBP", "GB"}, {"GBS", "GB"},
};

}  // namespace

std::string_view alpha2_of_icao(std::string_view code) {
  // The MRZ pads codes with '<' ("D<<"): the code is what comes before.
  code = code.substr(0, code.find('<'));
  for (auto const& c : kIcaoOnly) {
    if (c.icao_ == code) {
      return c.alpha2_;
    }
  }
  if (code.size() != 3) {
    return {};
  }
  std::size_t lo = 0;
  std::size_t hi = kIso.size() / 6;
  while (lo < hi) {  // binary search over the fixed-width table
    auto const mid = (lo + hi) / 2;
    auto const a3 = kIso.substr(mid * 6, 3);
    if (a3 == code) {
      return kIso.substr(mid * 6 + 3, 2);
    }
    if (a3 < code) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return {};
}

}  // namespace caravan::registry
