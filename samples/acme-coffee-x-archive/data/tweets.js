window.YTD.tweets.part0 = [
  {
    "tweet": {
      "id_str": "1876543210000000000",
      "full_text": "Cold brew season is open. 18 hours, coarse grind, no shortcuts. Come taste the difference. ☕",
      "created_at": "Mon Jan 06 08:30:00 +0000 2025",
      "favorite_count": "20",
      "retweet_count": "0",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210001000003",
      "full_text": "We roast on Tuesdays and Fridays. If you smell caramel on Canal Street around 7am, that's us.",
      "created_at": "Wed Jan 15 13:30:00 +0000 2025",
      "favorite_count": "57",
      "retweet_count": "13",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210002000006",
      "full_text": "New single origin: Yirgacheffe, washed. Notes of bergamot, peach and black tea. Limited bags. #specialtycoffee",
      "created_at": "Fri Jan 24 18:30:00 +0000 2025",
      "favorite_count": "94",
      "retweet_count": "26",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210003000009",
      "full_text": "Quick tip: weigh your beans. 15g coffee to 250g water is a great place to start. Adjust from there.",
      "created_at": "Sun Feb 02 12:30:00 +0000 2025",
      "favorite_count": "131",
      "retweet_count": "39",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210004000012",
      "full_text": "Our head roaster Maya cupped 42 samples this week to pick the next two coffees. Dedication looks like a lot of spitting.",
      "created_at": "Tue Feb 11 17:30:00 +0000 2025",
      "favorite_count": "168",
      "retweet_count": "12",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210005000015",
      "full_text": "Why we don't sell dark roast: we want you to taste the farm, not the fire. Medium is where origin shines.",
      "created_at": "Thu Feb 20 11:30:00 +0000 2025",
      "favorite_count": "25",
      "retweet_count": "25",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210006000018",
      "full_text": "Thank you for 10 years, neighbours. Free drip coffee all day Saturday. Bring a friend. ☕",
      "created_at": "Sat Mar 01 16:30:00 +0000 2025",
      "favorite_count": "62",
      "retweet_count": "38",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210007000021",
      "full_text": "Grinder matters more than the machine. A good burr grinder turns a cheap brewer into a great one.",
      "created_at": "Mon Mar 10 10:30:00 +0000 2025",
      "favorite_count": "99",
      "retweet_count": "11",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210008000024",
      "full_text": "The Colombian Huila is back. Red apple, panela, a clean finish. Same farm, third year running.",
      "created_at": "Wed Mar 19 15:30:00 +0000 2025",
      "favorite_count": "136",
      "retweet_count": "24",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210009000027",
      "full_text": "Compostable bags are here. Same freshness valve, zero plastic. Took us two years to get right.",
      "created_at": "Fri Mar 28 09:30:00 +0000 2025",
      "favorite_count": "173",
      "retweet_count": "37",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210010000030",
      "full_text": "Pour-over class this Sunday, 10am. Six seats, bring your questions and your favourite mug.",
      "created_at": "Sun Apr 06 14:30:00 +0000 2025",
      "favorite_count": "30",
      "retweet_count": "10",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210011000033",
      "full_text": "Direct trade means we know the farmers by name. This year we visited Finca La Esperanza twice.",
      "created_at": "Tue Apr 15 08:30:00 +0000 2025",
      "favorite_count": "67",
      "retweet_count": "23",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210012000036",
      "full_text": "If your coffee tastes sour, grind finer. If it tastes bitter, grind coarser. That's 80% of dialing in.",
      "created_at": "Thu Apr 24 13:30:00 +0000 2025",
      "favorite_count": "104",
      "retweet_count": "36",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210013000039",
      "full_text": "Espresso is just pressure, time and patience. Mostly patience. ☕",
      "created_at": "Sat May 03 18:30:00 +0000 2025",
      "favorite_count": "141",
      "retweet_count": "9",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210014000042",
      "full_text": "We're hiring a weekend barista. Love people, love coffee, hate rushing? Come say hi at the counter.",
      "created_at": "Mon May 12 12:30:00 +0000 2025",
      "favorite_count": "178",
      "retweet_count": "22",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210015000045",
      "full_text": "Fresh isn't always best: let beans rest 5-10 days after roasting. The CO2 needs to leave first.",
      "created_at": "Wed May 21 17:30:00 +0000 2025",
      "favorite_count": "35",
      "retweet_count": "35",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210016000048",
      "full_text": "Water is 98% of your cup. Filtered, not distilled. Minerals carry flavour.",
      "created_at": "Fri May 30 11:30:00 +0000 2025",
      "favorite_count": "72",
      "retweet_count": "8",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210017000051",
      "full_text": "Holiday blend drops Monday: Ethiopian natural + Guatemalan washed. Berries, cocoa, a little spice.",
      "created_at": "Sun Jun 08 16:30:00 +0000 2025",
      "favorite_count": "109",
      "retweet_count": "21",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210018000054",
      "full_text": "Iced coffee tip: brew hot directly over ice (half the water as ice). Flash brew keeps the brightness.",
      "created_at": "Tue Jun 17 10:30:00 +0000 2025",
      "favorite_count": "146",
      "retweet_count": "34",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210019000057",
      "full_text": "Our roaster is 30 years old and still the best in the building. Maintenance is love.",
      "created_at": "Thu Jun 26 15:30:00 +0000 2025",
      "favorite_count": "183",
      "retweet_count": "7",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210020000060",
      "full_text": "Rainy Tuesday = roasting day. Come in, warm up, watch the drum spin.",
      "created_at": "Sat Jul 05 09:30:00 +0000 2025",
      "favorite_count": "40",
      "retweet_count": "20",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210021000063",
      "full_text": "A customer asked why our bags have a roast date and not a best-before. Because freshness is a date, not a guess.",
      "created_at": "Mon Jul 14 14:30:00 +0000 2025",
      "favorite_count": "77",
      "retweet_count": "33",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210022000066",
      "full_text": "Decaf people deserve great coffee too. Our Swiss Water decaf tastes like chocolate and toasted almond.",
      "created_at": "Wed Jul 23 08:30:00 +0000 2025",
      "favorite_count": "114",
      "retweet_count": "6",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210023000069",
      "full_text": "Moka pot fans: take it off the heat the moment it starts to sputter. Bitterness lives in the last drops.",
      "created_at": "Fri Aug 01 13:30:00 +0000 2025",
      "favorite_count": "151",
      "retweet_count": "19",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210024000072",
      "full_text": "We weigh every shot. Every single one. Consistency is a habit, not an accident.",
      "created_at": "Sun Aug 10 18:30:00 +0000 2025",
      "favorite_count": "188",
      "retweet_count": "32",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210025000075",
      "full_text": "Small batch means 12 kilos at a time. Slower, yes. Better, also yes.",
      "created_at": "Tue Aug 19 12:30:00 +0000 2025",
      "favorite_count": "45",
      "retweet_count": "5",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210026000078",
      "full_text": "Reminder: the shop closes early on Sunday for our monthly cupping with the team. Back Monday at 7.",
      "created_at": "Thu Aug 28 17:30:00 +0000 2025",
      "favorite_count": "82",
      "retweet_count": "18",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210027000081",
      "full_text": "Our farmers in Huila got 40% above fair trade price this year. Good coffee starts with fair pay.",
      "created_at": "Sat Sep 06 11:30:00 +0000 2025",
      "favorite_count": "119",
      "retweet_count": "31",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210028000084",
      "full_text": "Latte art class sold out in an hour. Second date added for next month, link in bio.",
      "created_at": "Mon Sep 15 16:30:00 +0000 2025",
      "favorite_count": "156",
      "retweet_count": "4",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210029000087",
      "full_text": "AeroPress recipe of the week: 16g, 220g water at 88°C, invert, 1:30 steep, slow press. Sweet and round.",
      "created_at": "Wed Sep 24 10:30:00 +0000 2025",
      "favorite_count": "193",
      "retweet_count": "17",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210030000090",
      "full_text": "Morning rush tip: order ahead on our site and skip the line. Your flat white will be waiting.",
      "created_at": "Fri Oct 03 15:30:00 +0000 2025",
      "favorite_count": "50",
      "retweet_count": "30",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543210031000093",
      "full_text": "Five years ago we roasted our first batch in a garage. Today: 2 shops, 9 people, same obsession.",
      "created_at": "Sun Oct 12 09:30:00 +0000 2025",
      "favorite_count": "87",
      "retweet_count": "3",
      "lang": "en",
      "entities": {
        "urls": [],
        "hashtags": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543219999999001",
      "full_text": "RT @beanfriends: The best roasters in town, no question.",
      "created_at": "Tue Mar 04 10:00:00 +0000 2025",
      "favorite_count": "0",
      "retweet_count": "5",
      "lang": "en",
      "entities": {
        "urls": []
      }
    }
  },
  {
    "tweet": {
      "id_str": "1876543219999999002",
      "full_text": "@lena_drinks thank you! The Huila is our favourite too.",
      "created_at": "Wed Mar 05 11:00:00 +0000 2025",
      "favorite_count": "3",
      "retweet_count": "0",
      "in_reply_to_status_id_str": "1876543219999998000",
      "in_reply_to_screen_name": "lena_drinks",
      "lang": "en",
      "entities": {
        "urls": []
      }
    }
  }
]
