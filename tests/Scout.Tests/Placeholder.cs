namespace Scout.Tests;
