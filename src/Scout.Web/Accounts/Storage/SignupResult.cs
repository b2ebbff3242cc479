namespace Scout.Web.Accounts.Storage;

public enum SignupOutcome
{
    Created,
    EmailTaken,
    AccountNameTaken,
}

/// <summary>Result of creating an account with its first (owner) user; User/Account set only when Created.</summary>
public sealed record SignupResult(SignupOutcome Outcome, UserRecord? User = null, AccountRecord? Account = null);
