import AgentKnowledge
import Foundation

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let agentsDirectory = repositoryRoot.appendingPathComponent("agents")

func catalog() throws -> AgentCatalog { try AgentCatalog(directory: agentsDirectory) }

/// Realistic routing questions, none copied from the skill examples in agents/*.yaml.
let routingQuestions: [(question: String, agent: String)] = [
    ("How many days of PTO do I accrue in my first year?", "hr"),
    ("I didn't use all my vacation, what happens to it in January?", "hr"),
    ("Do I get paid if I'm out sick with the flu?", "hr"),
    ("My partner is having a baby, how much time off can I take?", "hr"),
    ("My grandmother passed away, can I take some days off?", "hr"),
    ("Is Juneteenth a paid holiday?", "hr"),
    ("I just got married, can I add my spouse to my health insurance?", "hr"),
    ("How much does the company put into my HSA?", "hr"),
    ("Does Meridian match retirement contributions?", "hr"),
    ("When will I receive my next paycheck?", "hr"),
    ("Where do I find my W-2 form?", "hr"),
    ("What's the daily limit for meals on a business trip?", "hr"),
    ("Can I fly premium economy to Tokyo for a conference?", "hr"),
    ("Can I work remotely from Spain for a month?", "hr"),
    ("When do salary increases from the annual review take effect?", "hr"),
    ("What is the bonus target for managers?", "hr"),
    ("Is there a budget for online courses and certifications?", "hr"),
    ("How much notice should I give before I resign?", "hr"),
    ("Is there free counseling available for employees?", "hr"),
    ("How do I report harassment anonymously?", "hr"),
    ("Until what time is the building open in the evening?", "faq"),
    ("Which light rail station is closest to the office?", "faq"),
    ("How much does it cost to park in the garage?", "faq"),
    ("Are there chargers for electric cars?", "faq"),
    ("How do guests get on the internet?", "faq"),
    ("My laptop was stolen last night, who do I call?", "faq"),
    ("How do I release my print job?", "faq"),
    ("A client is coming tomorrow, how do I sign them in?", "faq"),
    ("I left my badge at home, how do I get in?", "faq"),
    ("How do I reserve the Rainier boardroom?", "faq"),
    ("What's for lunch and how much does the cafeteria charge?", "faq"),
    ("Where can I pick up a package that was delivered for me?", "faq"),
    ("I lost my water bottle, where is lost and found?", "faq"),
    ("Can I get a locker on my floor?", "faq"),
    ("Is there a gym in the building?", "faq"),
    ("Where do we gather during a fire evacuation?", "faq"),
    ("Where can I throw away old batteries?", "faq"),
    ("Will the office be closed if it snows?", "faq"),
    ("Is the office wheelchair accessible?", "faq"),
    ("Is there a quiet room for nursing mothers?", "faq"),
]
