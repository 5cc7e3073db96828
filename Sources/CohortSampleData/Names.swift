/// Given and family names for generated people: ASCII only, without the tutorial customer's "Danny" and "Wright".
enum Names {
    static let male = [
        "James", "John", "Robert", "Michael", "David", "William", "Richard", "Thomas", "Christopher", "Daniel",
        "Matthew", "Anthony", "Mark", "Steven", "Andrew", "Joshua", "Kevin", "Brian", "Ryan", "Jacob",
        "Nathan", "Samuel", "Benjamin", "Oliver", "Harry", "George", "Jack", "Charlie", "Oscar", "Lukas",
        "Felix", "Jonas", "Leon", "Maximilian", "Paul", "Finn", "Elias", "Noah", "Ethan", "Lucas",
    ]

    static let female = [
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen",
        "Emily", "Emma", "Olivia", "Sophia", "Isabella", "Charlotte", "Amelia", "Grace", "Chloe", "Hannah",
        "Lily", "Ava", "Mia", "Ella", "Lena", "Anna", "Marie", "Laura", "Julia", "Lea",
        "Clara", "Sophie", "Rachel", "Megan", "Natalie", "Victoria", "Zoe", "Hailey", "Nora", "Alice",
    ]

    static let family = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee",
        "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
        "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter",
        "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook",
        "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward",
        "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Sanders",
        "Patel", "Shaw", "Holmes", "Fischer", "Schneider", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
    ]
}
