using Microsoft.Playwright;
using Scout.Tests.Web.BrowserHub;
using Scout.Web.Accounts.Storage;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Scout.Tests.Web.Pages;

/// <summary>Refused login and sign-up forms keep what was typed and say on the page what is wrong.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class LoginAndSignupSpecs(ChromiumFixture chromium) : DemoNodeSpec
{
    private async Task<IPage> Page()
    {
        var page = await chromium.NewPage(Node.Address);
        Keep(page.Context);
        return page;
    }

    [Fact]
    public async Task A_failed_login_keeps_the_email_and_the_sign_up_link_and_waits_in_the_password_field()
    {
        var page = await Page();
        await page.GotoAsync("/servers/new");

        await BrowserSteps.LogIn(page, BrowserSteps.DemoEmail, "not-the-password");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("invalid email or password");
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(BrowserSteps.DemoEmail);
        await Expect(page.GetByLabel("Password")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign up" })).ToBeVisibleAsync();
        await ChromiumFixture.Screenshot(page, nameof(A_failed_login_keeps_the_email_and_the_sign_up_link_and_waits_in_the_password_field));

        // The kept email and the return address still work: only the password is typed again.
        await page.GetByLabel("Password").FillAsync(ScoutNodeFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync("**/servers/new");
    }

    [Fact]
    public async Task A_too_short_password_is_named_on_the_page_and_nothing_typed_is_lost()
    {
        var page = await Page();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync("short@example.com");
        await page.GetByLabel("Password (at least 8 characters)").FillAsync("short");
        await page.GetByLabel("Account name").FillAsync("Short Co");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("password must be at least 8 characters");
        await Expect(page.GetByLabel("Password (at least 8 characters)")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Password (at least 8 characters)")).ToHaveAttributeAsync("aria-invalid", "");
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync("short@example.com");
        await Expect(page.GetByLabel("Account name")).ToHaveValueAsync("Short Co");
        Assert.Null(await Node.Service<AccountStore>().FindAccountByNameAsync("Short Co"));

        await page.GetByLabel("Password (at least 8 characters)").FillAsync("long-enough-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await page.WaitForURLAsync(new Uri(Node.Address, "/").ToString());
        Assert.NotNull(await Node.Service<AccountStore>().FindAccountByNameAsync("Short Co"));
    }

    [Fact]
    public async Task A_taken_account_name_gets_the_apis_sentence_and_keeps_the_form()
    {
        var page = await Page();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync("copycat@example.com");
        await page.GetByLabel("Password (at least 8 characters)").FillAsync("password-123");
        await page.GetByLabel("Account name").FillAsync("Demo");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("an account with this name already exists");
        await Expect(page.GetByLabel("Account name")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync("copycat@example.com");
        await Expect(page.GetByLabel("Password (at least 8 characters)")).ToHaveValueAsync("password-123");
    }
}
